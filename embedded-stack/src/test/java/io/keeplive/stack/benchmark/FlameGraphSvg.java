package io.keeplive.stack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collapsed stacks ({@code a;b;c} → samples) drawn as a flame graph: the root at the bottom, each
 * frame as wide as its samples, callees above their callers, children in name order. Frames
 * narrower than 0.2 % of the samples are left out; each box's tooltip gives its samples.
 *
 * <p>{@code main(recording.jfr | stacks.collapsed, out.svg, title)} renders a saved recording or
 * collapsed stacks.
 */
public final class FlameGraphSvg {

  private static final int WIDTH = 1200;
  private static final int ROW = 16;
  private static final int TOP = 40;
  // Narrower frames (under 0.2 % of the samples) are left out: they keep the file small.
  private static final double MIN_WIDTH = 2.4;

  private FlameGraphSvg() {}

  /** A frame and its callees. */
  private static final class Node {
    final String name;
    long samples;
    final Map<String, Node> children = new TreeMap<>();

    Node(String name) {
      this.name = name;
    }

    int depth() {
      return 1 + children.values().stream().mapToInt(Node::depth).max().orElse(0);
    }
  }

  public static void main(String[] args) throws IOException {
    Path in = Path.of(args[0]);
    Map<String, Long> collapsed = new HashMap<>();
    if (args[0].endsWith(".jfr")) {
      collapsed = JfrProfile.Samples.read(in).collapsed();
    } else {
      for (String line : Files.readAllLines(in)) {
        int space = line.lastIndexOf(' ');
        collapsed.merge(
            line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
      }
    }
    Files.writeString(Path.of(args[1]), render(args[2], collapsed));
  }

  public static String render(String title, Map<String, Long> collapsed) {
    Node root = new Node("all");
    collapsed.forEach(
        (stack, samples) -> {
          root.samples += samples;
          Node node = root;
          for (String frame : stack.split(";")) {
            node = node.children.computeIfAbsent(frame, Node::new);
            node.samples += samples;
          }
        });
    int height = TOP + root.depth() * ROW + 10;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"monospace\" font-size=\"11\">%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\"/>%n"
                + "<text x=\"%d\" y=\"20\" font-size=\"15\" text-anchor=\"middle\">%s (%d"
                + " samples)</text>%n",
            WIDTH,
            height,
            WIDTH / 2,
            escape(title),
            root.samples));
    draw(svg, root, 0, WIDTH, height - 10 - ROW, root.samples);
    return svg.append("</svg>\n").toString();
  }

  private static void draw(StringBuilder svg, Node node, double x, double width, int y, long all) {
    if (width < MIN_WIDTH) {
      return;
    }
    String label =
        String.format(
            Locale.ROOT,
            "%s (%d samples, %.2f%%)",
            node.name,
            node.samples,
            100.0 * node.samples / all);
    svg.append(
        String.format(
            Locale.ROOT,
            "<g><title>%s</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                + " fill=\"%s\" stroke=\"#fafafa\" stroke-width=\"0.5\"/>",
            escape(label),
            x,
            y,
            width,
            ROW - 1,
            color(node.name)));
    int chars = (int) ((width - 4) / 6.6);
    if (chars >= 3) {
      String text = shortName(node.name);
      if (text.length() > chars) {
        text = text.substring(0, Math.max(1, chars - 2)) + "..";
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\">%s</text>",
              x + 2,
              y + ROW - 4,
              escape(text)));
    }
    svg.append("</g>\n");
    double childX = x;
    Map<String, Node> ordered = new LinkedHashMap<>();
    node.children.values().stream()
        .sorted(Comparator.comparing(n -> n.name))
        .forEach(n -> ordered.put(n.name, n));
    for (Node child : ordered.values()) {
      double childWidth = width * child.samples / node.samples;
      draw(svg, child, childX, childWidth, y - ROW, all);
      childX += childWidth;
    }
  }

  /** {@code io.keeplive.gateway.session.LiveSession.send} → {@code LiveSession.send}. */
  static String shortName(String frame) {
    int method = frame.lastIndexOf('.');
    int type = method <= 0 ? -1 : frame.lastIndexOf('.', method - 1);
    return type < 0 ? frame : frame.substring(type + 1);
  }

  private static String color(String frame) {
    int hash = Math.abs(frame.hashCode() % 40);
    if (frame.startsWith("io.keeplive.")) {
      return "hsl(" + (350 + hash / 4) % 360 + ",75%," + (55 + hash / 4) + "%)";
    }
    if (frame.startsWith("io.netty.") || frame.startsWith("reactor.")) {
      return "hsl(" + (25 + hash / 4) + ",85%," + (55 + hash / 4) + "%)";
    }
    if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
      return "hsl(" + (50 + hash / 4) + ",80%," + (55 + hash / 4) + "%)";
    }
    if (frame.startsWith("org.springframework.")
        || frame.startsWith("tools.jackson.")
        || frame.startsWith("com.fasterxml.")) {
      return "hsl(" + (200 + hash / 4) + ",60%," + (65 + hash / 4) + "%)";
    }
    return "hsl(" + (120 + hash / 4) + ",40%," + (60 + hash / 4) + "%)";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
