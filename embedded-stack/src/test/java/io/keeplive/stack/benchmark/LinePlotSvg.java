package io.keeplive.stack.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lines over a shared x axis on a logarithmic y axis (latencies span two orders of magnitude): for
 * e2e p50/p99 against writes per second.
 */
public final class LinePlotSvg {

  private static final int LEFT = 70;
  private static final int WIDTH = 600;
  private static final int HEIGHT = 340;
  private static final int TOP = 40;
  private static final String[] COLORS = {"#4a7fb5", "#c0392b", "#27ae60", "#8e44ad"};

  private LinePlotSvg() {}

  /** {@code lines}: name → y values, one per x; non-positive or NaN values are left out. */
  public static String render(
      String title,
      String xLabel,
      String yLabel,
      List<Double> xs,
      Map<String, List<Double>> lines) {
    double xMax = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    double yMin = 1;
    double yMax = 10;
    for (List<Double> ys : lines.values()) {
      for (double y : ys) {
        if (y > 0 && Double.isFinite(y)) {
          yMin = Math.min(yMin, y);
          yMax = Math.max(yMax, y);
        }
      }
    }
    double low = Math.floor(Math.log10(yMin));
    double high = Math.ceil(Math.log10(yMax));
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                + "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n"
                + "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\""
                + " text-anchor=\"middle\">%s</text>%n",
            LEFT + WIDTH + 150,
            TOP + HEIGHT + 50,
            LEFT,
            BarChartSvg.escape(title),
            LEFT + WIDTH / 2,
            TOP + HEIGHT + 40,
            BarChartSvg.escape(xLabel),
            TOP + HEIGHT / 2,
            TOP + HEIGHT / 2,
            BarChartSvg.escape(yLabel)));
    for (double e = low; e <= high; e++) {
      double y = TOP + HEIGHT - HEIGHT * (e - low) / Math.max(1, high - low);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              LEFT + WIDTH,
              y,
              y,
              LEFT - 6,
              y + 4,
              BarChartSvg.format(Math.pow(10, e))));
    }
    for (double x : xs) {
      double px = LEFT + WIDTH * x / xMax;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              px,
              TOP + HEIGHT + 18,
              BarChartSvg.format(x)));
    }
    int line = 0;
    for (var entry : lines.entrySet()) {
      String color = COLORS[line % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < xs.size(); i++) {
        double y = entry.getValue().get(i);
        if (!(y > 0) || !Double.isFinite(y)) {
          continue;
        }
        double px = LEFT + WIDTH * xs.get(i) / xMax;
        double py = TOP + HEIGHT - HEIGHT * (Math.log10(y) - low) / Math.max(1, high - low);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: %s</title>"
                    + "</circle>%n",
                px,
                py,
                color,
                BarChartSvg.escape(entry.getKey()),
                BarChartSvg.format(xs.get(i)),
                BarChartSvg.format(y)));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n"
                  + "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
              points.toString().trim(),
              color,
              LEFT + WIDTH + 12,
              TOP + 16 + 18 * line,
              color,
              BarChartSvg.escape(entry.getKey())));
      line++;
    }
    return svg.append("</svg>\n").toString();
  }
}
