package io.keeplive.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricsInUseTest {

  private final MetricCatalog catalog =
      MetricCatalog.fromArchitecture(RepositoryFiles.read("docs/architecture.md"));

  @Test
  void theArchitectureTableIsReadWithItsTypes() {
    assertThat(catalog.documented())
        .containsEntry("keeplive_outbox_backlog_rows", "gauge")
        .containsKey("keeplive_gateway_e2e_latency_seconds")
        .containsKey("kafka_consumer_fetch_manager_records_lag")
        .hasSizeGreaterThanOrEqualTo(17);
    assertThat(catalog.knows("keeplive_gateway_e2e_latency_seconds_bucket")).isTrue();
    assertThat(catalog.knows("keeplive_gateway_sessions_bucket"))
        .as("a gauge has no histogram series")
        .isFalse();
    assertThat(catalog.knows("keeplive_gateway_session_count")).isFalse();
    assertThat(catalog.knows("jvm_memory_used_bytes")).isTrue();
  }

  @Test
  void everyMetricReadByADashboardPanelOrAnAlertIsDocumentedOrStandard() {
    Map<String, Set<String>> unknown = new TreeMap<>();
    MetricsInUse.seriesToUses()
        .forEach(
            (series, uses) -> {
              if (!catalog.knows(series)) {
                unknown.put(series, uses);
              }
            });

    assertThat(unknown)
        .as("series neither in docs/architecture.md's metric table nor standard")
        .isEmpty();
  }

  @Test
  void everyAlertAndTheKedaTriggerAreFoundInTheChartTemplates() {
    assertThat(MetricsInUse.alerts()).hasSize(15);
    assertThat(MetricsInUse.alerts())
        .allSatisfy(use -> assertThat(use.metrics()).as(use.where()).isNotEmpty());
  }

  @Test
  void theCommittedInventoryListsExactlyTheSeriesInUse() throws Exception {
    if (Boolean.getBoolean("keeplive.writeInventory")) {
      java.nio.file.Files.writeString(
          RepositoryFiles.path(MetricsInUse.INVENTORY), MetricsInUse.inventory());
    }
    assertThat(RepositoryFiles.read(MetricsInUse.INVENTORY))
        .as(
            "deploy/metrics-in-use.txt is stale; regenerate it with"
                + " ./mvnw -pl deploy-checks verify -Dkeeplive.writeInventory=true")
        .isEqualTo(MetricsInUse.inventory());
  }
}
