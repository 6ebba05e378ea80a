package io.keeplive.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DashboardTest {

  /** Labels a panel may group or filter by: each has a small, bounded set of values. */
  static final Set<String> BOUNDED_LABELS =
      Set.of(
          "le",
          "instance",
          "job",
          "namespace",
          "partition",
          "topic",
          "kind",
          "outcome",
          "type",
          "mode",
          "resource",
          "action",
          "status",
          "area",
          // keeplive_gateway_refetch_failures_total: one of six failure reasons.
          "reason",
          // The KEDA trigger's filter: the release's one gateway Service.
          "service",
          // keeplive_gateway_session_unsent_bytes: max or high_water.
          "stat");

  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");

  private final JsonNode dashboard =
      JsonMapper.builder().build().readTree(RepositoryFiles.read(MetricsInUse.DASHBOARD));

  @Test
  void theDashboardIsKeepliveLagAndLatencyWithADatasourceVariable() {
    assertThat(dashboard.path("title").asString()).isEqualTo("Keeplive: lag & latency");
    assertThat(dashboard.path("uid").asString()).isEqualTo("keeplive-lag-latency");
    assertThat(dashboard.path("templating").path("list").get(0).path("type").asString())
        .isEqualTo("datasource");
  }

  @Test
  void everyPanelQueriesPrometheusThroughTheDatasourceVariableAndHasADescription() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id " + panel.path("id")).isTrue();
      if ("row".equals(panel.path("type").asString())) {
        continue;
      }
      String title = panel.path("title").asString();
      assertThat(panel.path("description").asString()).as(title).isNotBlank();
      assertThat(panel.path("datasource").path("uid").asString())
          .as(title)
          .isEqualTo("${datasource}");
      assertThat(panel.path("targets").size()).as(title).isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asString()).as(title).isNotBlank();
        assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void panelsFitThe24ColumnGridWithoutOverlapping() {
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      JsonNode grid = panel.path("gridPos");
      int[] box = {
        grid.path("x").asInt(),
        grid.path("y").asInt(),
        grid.path("w").asInt(),
        grid.path("h").asInt()
      };
      assertThat(box[0] + box[2]).as(panel.path("title").asString()).isLessThanOrEqualTo(24);
      for (int[] other : boxes) {
        boolean overlap =
            box[0] < other[0] + other[2]
                && other[0] < box[0] + box[2]
                && box[1] < other[1] + other[3]
                && other[1] < box[1] + box[3];
        assertThat(overlap).as(panel.path("title").asString() + " overlaps a panel").isFalse();
      }
      boxes.add(box);
    }
  }

  @Test
  void everyDocumentedKeepliveMetricAndTheConsumerLagAreCharted() {
    Set<String> charted = new HashSet<>();
    MetricsInUse.dashboard().forEach(use -> charted.addAll(use.metrics()));
    MetricCatalog catalog =
        MetricCatalog.fromArchitecture(RepositoryFiles.read("docs/architecture.md"));

    for (String documented : catalog.documented().keySet()) {
      assertThat(charted.stream().anyMatch(series -> series.startsWith(documented)))
          .as(documented + " has a panel")
          .isTrue();
    }
  }

  @Test
  void theRequiredViewsExistPerPartitionPerGatewayInstanceAndAsP50AndP99() {
    List<String> exprs =
        MetricsInUse.dashboard().stream().map(MetricsInUse.Use::expression).toList();

    assertThat(exprs)
        .anyMatch(e -> e.startsWith("max by (partition) (kafka_consumer_fetch_manager_records_lag"))
        .anyMatch(e -> e.startsWith("sum by (instance) (kafka_consumer_fetch_manager_records_lag"))
        .anyMatch(
            e ->
                e.startsWith("histogram_quantile(0.5,")
                    && e.contains("keeplive_gateway_e2e_latency_seconds_bucket"))
        .anyMatch(
            e ->
                e.startsWith("histogram_quantile(0.99,")
                    && e.contains("keeplive_gateway_e2e_latency_seconds_bucket"))
        .anyMatch(
            e ->
                e.contains("keeplive_gateway_refetches_total")
                    && e.contains("outcome=\"matched\""));
  }

  @Test
  void queriesGroupAndFilterOnlyByLabelsWithBoundedValues() {
    for (MetricsInUse.Use use : MetricsInUse.all()) {
      String expression = use.expression().replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
      Matcher grouping = GROUPING.matcher(expression);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          if (!label.isBlank()) {
            assertThat(label.trim()).as(use.where() + ": " + use.expression()).isIn(BOUNDED_LABELS);
          }
        }
      }
      Matcher matcher = MATCHER_LABEL.matcher(expression);
      while (matcher.find()) {
        assertThat(matcher.group(1)).as(use.where()).isIn(BOUNDED_LABELS);
      }
    }
  }

  @Test
  void theRepositoryHoldsExactlyOneCopyOfEachDashboard() throws IOException {
    List<Path> copies;
    try (Stream<Path> files = Files.walk(RepositoryFiles.root())) {
      copies =
          files
              .filter(p -> p.getFileName().toString().equals("keeplive-lag-latency.json"))
              .filter(p -> !RepositoryFiles.root().relativize(p).toString().contains("target"))
              .filter(p -> !RepositoryFiles.root().relativize(p).startsWith(".git"))
              .toList();
    }
    assertThat(copies).containsExactly(RepositoryFiles.path(MetricsInUse.DASHBOARD));
  }
}
