package io.keeplive.stack.benchmark;

import java.util.Locale;
import java.util.Map;

/** Horizontal bars, one per entry, labelled with their value; for CPU per component. */
public final class BarChartSvg {

  private static final int LABEL = 330;
  private static final int BARS = 520;
  private static final int ROW = 22;

  private BarChartSvg() {}

  public static String render(String title, String unit, Map<String, Double> values) {
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    int height = 50 + values.size() * ROW + 10;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                + "<text x=\"10\" y=\"22\" font-size=\"15\">%s</text>%n",
            LABEL + BARS + 110,
            height,
            escape(title)));
    int y = 45;
    for (var entry : values.entrySet()) {
      double width = max <= 0 ? 0 : BARS * entry.getValue() / max;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7fb5\"/>"
                  + "<text x=\"%.1f\" y=\"%d\">%s %s</text>%n",
              LABEL - 8,
              y + 14,
              escape(entry.getKey()),
              LABEL,
              y + 2,
              width,
              ROW - 6,
              LABEL + width + 5,
              y + 14,
              format(entry.getValue()),
              escape(unit)));
      y += ROW;
    }
    return svg.append("</svg>\n").toString();
  }

  static String format(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : value >= 10
            ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%.2f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
