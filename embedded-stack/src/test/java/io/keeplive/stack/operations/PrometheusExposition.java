package io.keeplive.stack.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series of one Prometheus text exposition (what {@code /actuator/prometheus} returns): sample
 * name → the label names seen on it. Comment lines ({@code # HELP}, {@code # TYPE}) are ignored, so
 * a metric that is only declared but has no sample does not count as published.
 */
record PrometheusExposition(Map<String, Set<String>> labelsBySeries) {

  static PrometheusExposition parse(String text) {
    Map<String, Set<String>> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
      if (end <= 0) {
        continue;
      }
      Set<String> labels = series.computeIfAbsent(line.substring(0, end), n -> new TreeSet<>());
      if (end == brace) {
        labels.addAll(labelNames(line.substring(brace + 1, line.lastIndexOf('}'))));
      }
    }
    return new PrometheusExposition(series);
  }

  /** Label names of {@code a="x",b="y,\"z\""}: names end at '=', values are quoted strings. */
  private static Set<String> labelNames(String labels) {
    Set<String> names = new TreeSet<>();
    int i = 0;
    while (i < labels.length()) {
      int equals = labels.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      names.add(labels.substring(i, equals).trim().replaceFirst("^,", "").trim());
      int j = labels.indexOf('"', equals) + 1;
      while (j < labels.length() && labels.charAt(j) != '"') {
        j += labels.charAt(j) == '\\' ? 2 : 1;
      }
      i = j + 1;
      if (i < labels.length() && labels.charAt(i) == ',') {
        i++;
      }
    }
    return names;
  }

  boolean has(String series) {
    return labelsBySeries.containsKey(series);
  }
}
