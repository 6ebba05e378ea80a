package io.keeplive.stack.gateway;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Live objects of this JVM by class ({@code GC.class_histogram}, which collects first), and the
 * difference of two histograms per unit (session): what each idle session holds, class by class.
 */
record HeapHistogram(Map<String, long[]> byClass) {

  /** Instances and bytes per class of the live heap now. */
  static HeapHistogram take() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> byClass = new HashMap<>();
    for (String line : text.split("\n")) {
      // "   1:     123456     7890123  java.lang.String (java.base@17)"
      String[] words = line.trim().split("\\s+");
      if (words.length < 4 || !words[0].endsWith(":")) {
        continue;
      }
      byClass.put(words[3], new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])});
    }
    return new HeapHistogram(byClass);
  }

  /**
   * A markdown table of the classes that grew most from {@code before}, per one of {@code units}.
   */
  String growthTable(HeapHistogram before, int units, int rows) {
    Map<String, long[]> growth = new HashMap<>();
    byClass.forEach(
        (type, now) -> {
          long[] then = before.byClass.getOrDefault(type, new long[2]);
          growth.put(type, new long[] {now[0] - then[0], now[1] - then[1]});
        });
    long total = growth.values().stream().mapToLong(g -> g[1]).sum();
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "| class | instances per session | bytes per session |%n|---|---|---|%n"
                    + "| **all classes** | | **%.0f** |%n",
                (double) total / units));
    growth.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(rows)
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.2f | %.0f |%n",
                        e.getKey(),
                        (double) e.getValue()[0] / units,
                        (double) e.getValue()[1] / units)));
    return out.toString();
  }
}
