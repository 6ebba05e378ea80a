package io.keeplive.resource.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus names the dashboards and alerts use (deploy/metrics-in-use.txt) follow from the
 * definitions in {@link ResourceMetric}: a change of shape must not rename a series.
 */
class ResourceMetricTest {

  private static final Map<ResourceMetric, String> PROMETHEUS_NAMES =
      Map.of(
          ResourceMetric.WRITES,
          "keeplive_resource_writes_total{action=\"close\",resource=\"tickets\"} 3.0",
          ResourceMetric.LIVE_FAILURES,
          "keeplive_resource_live_failures_total{reason=\"bad_request\"} 1.0",
          ResourceMetric.IDEMPOTENCY_KEYS_PURGED,
          "keeplive_resource_idempotency_purged_total 5.0",
          ResourceMetric.IDEMPOTENCY_PURGE_FAILURES,
          "keeplive_resource_idempotency_purge_failures_total{reason=\"database\"} 1.0");

  @Test
  void everyResourceMetricIsExportedUnderItsDocumentedPrometheusName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WriteMetrics writes = new WriteMetrics(registry);
    writes.committed("tickets", "close", 3);
    writes.idempotencyKeysPurged(5);
    writes.idempotencyPurgeFailed();
    new LiveMetrics(registry).failed("bad_request");

    String exposition = registry.scrape();

    assertThat(PROMETHEUS_NAMES).containsOnlyKeys(ResourceMetric.values());
    PROMETHEUS_NAMES.forEach(
        (metric, name) -> assertThat(exposition).as(metric.name()).contains(name));
  }
}
