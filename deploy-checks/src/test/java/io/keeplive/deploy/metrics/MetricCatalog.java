package io.keeplive.deploy.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a dashboard or an alert may use: the table "Metric names (Prometheus form)" of
 * docs/architecture.md, plus the standard series of Spring Boot, Micrometer and Prometheus.
 *
 * <p>A timer or histogram row {@code x_seconds} stands for the series Micrometer's Prometheus
 * registry publishes for it: {@code x_seconds_bucket}, {@code _count}, {@code _sum} and {@code
 * _max}; counters and gauges are used exactly as written.
 */
public final class MetricCatalog {

  /** Standard series every Spring Boot service publishes (or Prometheus adds on scrape). */
  static final List<Pattern> STANDARD =
      List.of(
          Pattern.compile("http_server_requests_seconds_(count|sum|max|bucket)"),
          Pattern.compile("jvm_[a-z0-9_]+"),
          Pattern.compile("process_[a-z0-9_]+"),
          Pattern.compile("system_cpu_usage|system_cpu_count|system_load_average_1m"),
          Pattern.compile("up"));

  private static final Pattern ROW =
      Pattern.compile(
          "^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([^|]+)\\|\\s*([^|]*)\\|", Pattern.MULTILINE);

  private final Map<String, String> documented;

  private MetricCatalog(Map<String, String> documented) {
    this.documented = documented;
  }

  /** Parses the metric table (rows {@code | `name` | type | tags |}) of an architecture page. */
  public static MetricCatalog fromArchitecture(String markdown) {
    int section = markdown.indexOf("## Metric names");
    if (section < 0) {
      throw new IllegalArgumentException("no '## Metric names' section");
    }
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(markdown.substring(section));
    while (row.find()) {
      documented.put(row.group(1), row.group(2).trim());
    }
    return new MetricCatalog(documented);
  }

  public Map<String, String> documented() {
    return Map.copyOf(documented);
  }

  /** The documented metric a series belongs to, or why it is standard, or empty if unknown. */
  public Optional<String> sourceOf(String series) {
    if (documented.containsKey(series)) {
      return Optional.of(series);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
      if (series.endsWith(suffix)) {
        String base = series.substring(0, series.length() - suffix.length());
        String type = documented.get(base);
        if (type != null && (type.contains("timer") || type.contains("histogram"))) {
          return Optional.of(base);
        }
      }
    }
    return STANDARD.stream()
        .filter(p -> p.matcher(series).matches())
        .findFirst()
        .map(p -> "standard");
  }

  public boolean knows(String series) {
    return sourceOf(series).isPresent();
  }
}
