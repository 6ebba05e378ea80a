package io.keeplive.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.metrics.GatewayListener.ConsumerTrouble;
import io.keeplive.gateway.metrics.GatewayListener.NotificationOutcome;
import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import io.keeplive.gateway.protocol.Mode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus names the dashboards and alerts use (deploy/metrics-in-use.txt) follow from the
 * definitions in {@link GatewayMetric}: moving a unit from a name into a base unit must not rename
 * a series.
 */
class GatewayMetricTest {

  private static final Map<GatewayMetric, String> PROMETHEUS_NAMES =
      Map.ofEntries(
          Map.entry(GatewayMetric.SESSIONS, "keeplive_gateway_sessions "),
          Map.entry(GatewayMetric.SUBSCRIPTIONS, "keeplive_gateway_subscriptions{mode=\"stream\"}"),
          Map.entry(
              GatewayMetric.NOTIFICATIONS,
              "keeplive_gateway_notifications_total{outcome=\"matched\"}"),
          Map.entry(GatewayMetric.REFETCHES, "keeplive_gateway_refetches_total{kind=\"list\"}"),
          Map.entry(
              GatewayMetric.REFETCHES_MERGED,
              "keeplive_gateway_refetches_merged_total{kind=\"record\"}"),
          Map.entry(
              GatewayMetric.REFETCH_LATENCY, "keeplive_gateway_refetch_latency_seconds_bucket{"),
          Map.entry(
              GatewayMetric.REFETCH_FAILURES,
              "keeplive_gateway_refetch_failures_total{reason=\"timeout\"}"),
          Map.entry(
              GatewayMetric.REFETCHES_DEFERRED,
              "keeplive_gateway_refetches_deferred_total{reason=\"tenant_budget\"}"),
          Map.entry(GatewayMetric.PUSHES, "keeplive_gateway_pushes_total{type=\"insert\"}"),
          Map.entry(GatewayMetric.DROPS, "keeplive_gateway_drops_total "),
          Map.entry(GatewayMetric.RESYNCS, "keeplive_gateway_resyncs_total "),
          Map.entry(GatewayMetric.ABORTS, "keeplive_gateway_aborts_total "),
          Map.entry(
              GatewayMetric.NOTIFICATION_CONSUMER_ERRORS,
              "keeplive_gateway_notifications_consumer_errors_total{kind=\"gap\"}"),
          Map.entry(
              GatewayMetric.SESSION_UNSENT, "keeplive_gateway_session_unsent_bytes{stat=\"max\"}"),
          Map.entry(GatewayMetric.E2E_LATENCY, "keeplive_gateway_e2e_latency_seconds_bucket{"));

  @Test
  void everyGatewayMetricIsExportedUnderItsDocumentedPrometheusName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MeterListener listener = new MeterListener(registry);
    listener.subscriptionStarted(Mode.STREAM);
    listener.notification(NotificationOutcome.MATCHED);
    listener.consumerTrouble(ConsumerTrouble.GAP);
    listener.refetched("list", 2, Duration.ofMillis(5));
    listener.refetchFailed(RefetchFailure.TIMEOUT);
    listener.delivered(Duration.ofMillis(7));
    // The unsent-bytes gauges read LiveSessions (SessionConfiguration); built here the same way.
    GatewayMetric unsent = GatewayMetric.SESSION_UNSENT;
    Gauge.builder(unsent.getName(), () -> 42)
        .tag("stat", "max")
        .baseUnit(unsent.getBaseUnit())
        .register(registry);

    String exposition = registry.scrape();

    assertThat(PROMETHEUS_NAMES).containsOnlyKeys(GatewayMetric.values());
    PROMETHEUS_NAMES.forEach(
        (metric, name) -> assertThat(exposition).as(metric.name()).contains(name));
  }

  @Test
  void everyTagOfADefinitionIsATagOfTheExportedSeries() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new MeterListener(registry);

    for (GatewayMetric metric : GatewayMetric.values()) {
      for (var key : metric.getKeyNames()) {
        registry
            .find(metric.getName())
            .meters()
            .forEach(
                meter ->
                    assertThat(meter.getId().getTag(key.asString()))
                        .as(metric + " " + key.asString())
                        .isNotNull());
      }
    }
  }
}
