package io.keeplive.relay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus names the dashboards and alerts use (deploy/metrics-in-use.txt) follow from the
 * definitions in {@link RelayMetric}: a unit moved from a name into a base unit must not rename a
 * series.
 */
class RelayMetricsTest {

  private static final Map<RelayMetric, String> PROMETHEUS_NAMES =
      Map.of(
          RelayMetric.BACKLOG_ROWS, "keeplive_outbox_backlog_rows ",
          RelayMetric.OLDEST_AGE, "keeplive_outbox_oldest_age_seconds ",
          RelayMetric.PUBLISHED, "keeplive_relay_published_total ",
          RelayMetric.PUBLISH_LATENCY, "keeplive_relay_publish_latency_seconds_bucket{",
          RelayMetric.ERRORS, "keeplive_relay_errors_total{kind=\"publish\"}",
          RelayMetric.SHARDS_OWNED, "keeplive_relay_shards_owned ");

  @Test
  void everyRelayMetricIsExportedUnderItsDocumentedPrometheusName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RelayMetrics metrics = new RelayMetrics(registry);
    metrics.backlog(3, Duration.ofSeconds(2));
    metrics.shardsOwned(64);

    String exposition = registry.scrape();

    assertThat(PROMETHEUS_NAMES).containsOnlyKeys(RelayMetric.values());
    PROMETHEUS_NAMES.forEach(
        (metric, name) -> assertThat(exposition).as(metric.name()).contains(name));
    assertThat(exposition).contains("keeplive_outbox_oldest_age_seconds 2.0");
  }
}
