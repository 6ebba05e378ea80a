package io.keeplive.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures a benchmark printed, as {@code target/benchmarks/<name>.json} (relative to the module
 * the benchmark runs in): an object of numbers, strings, nested objects and lists, in insertion
 * order. Every benchmark of the repository writes one.
 */
public final class BenchmarkJson {

  private BenchmarkJson() {}

  public static Path write(String name, Map<String, ?> figures) throws IOException {
    Path file = Path.of("target", "benchmarks", name + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, encode(figures) + "\n");
    return file;
  }

  /** The JSON text of {@code value}, two spaces of indentation per level. */
  public static String encode(Object value) {
    return encode(value, "");
  }

  private static String encode(Object value, String indent) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      String inner = indent + "  ";
      String separator = "\n";
      for (var entry : map.entrySet()) {
        out.append(separator).append(inner).append(quote(String.valueOf(entry.getKey())));
        out.append(": ").append(encode(entry.getValue(), inner));
        separator = ",\n";
      }
      return out.append(map.isEmpty() ? "}" : "\n" + indent + "}").toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      String separator = "";
      for (Object item : list) {
        out.append(separator).append(encode(item, indent));
        separator = ", ";
      }
      return out.append("]").toString();
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4g", d);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    return value == null ? "null" : quote(String.valueOf(value));
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
