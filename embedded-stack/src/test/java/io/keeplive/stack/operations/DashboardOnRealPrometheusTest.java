package io.keeplive.stack.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.SharedStack;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard's queries, run by a real Prometheus that scrapes the embedded stack, return
 * data: every panel would show something, not "No data". Needs the {@code prometheus} binary
 * (Debian package {@code prometheus}); skipped without it.
 */
class DashboardOnRealPrometheusTest {

  private static final Path DASHBOARD =
      Path.of("")
          .toAbsolutePath()
          .getParent()
          .resolve("helm/keeplive/dashboards/keeplive-lag-latency.json");

  @Test
  void everyDashboardQueryReturnsSeriesFromAPrometheusScrapingTheRunningStack() throws Exception {
    Path binary = RealPrometheus.binary().orElse(null);
    Assumptions.assumeTrue(
        binary != null, "the prometheus binary (Debian package 'prometheus') is not installed");
    EmbeddedStack stack = SharedStack.get();
    Traffic.drive(stack);
    Map<String, URI> jobs = new LinkedHashMap<>();
    // Prometheus scrapes the management ports, as the chart's ServiceMonitors do.
    jobs.put("resource-service", stack.resourceServiceManagementUrl());
    jobs.put("notifier-relay", stack.relayManagementUrl());
    jobs.put("live-gateway", stack.gatewayManagementUrl());
    Map<String, String> queries = dashboardQueries();

    try (RealPrometheus prometheus = RealPrometheus.start(binary, jobs)) {
      await()
          // The consumer-lag panels need the gateway's per-partition Kafka metrics, which
          // Micrometer's Kafka binder picks up on its 60 s refresh after the first fetch.
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                JsonNode up = prometheus.query("up == 1");
                assertThat(up).as("Prometheus ready and scraping\n" + prometheus.log()).isNotNull();
                assertThat(up.size()).as("targets up").isEqualTo(3);
                Map<String, String> empty = new TreeMap<>();
                queries.forEach(
                    (panel, query) -> {
                      JsonNode result = prometheus.query(query);
                      if (result == null || result.isEmpty()) {
                        empty.put(panel, query);
                      }
                    });
                assertThat(empty).as("dashboard queries without data (panel → query)").isEmpty();
              });
    }
  }

  /** Panel title (plus target letter) → query, with Grafana's variables as Grafana fills them. */
  private static Map<String, String> dashboardQueries() throws Exception {
    JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(
            panel.path("title").asString() + " [" + target.path("refId").asString() + "]",
            target
                .path("expr")
                .asString()
                .replace("$__rate_interval", "1m")
                .replace("$namespace", ".*")
                .replace("$topic", ".*"));
      }
    }
    return queries;
  }
}
