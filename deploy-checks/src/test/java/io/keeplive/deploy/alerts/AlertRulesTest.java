package io.keeplive.deploy.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.helm.Helm;
import io.keeplive.deploy.helm.ProcessResult;
import io.keeplive.deploy.metrics.MetricsInUse;
import io.keeplive.deploy.repository.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules and dashboard queries checked by Prometheus itself: {@code promtool check} for
 * syntax and templates, {@code promtool test rules} for behaviour — each alert fires on the
 * condition its runbook describes and stays silent otherwise.
 */
class AlertRulesTest {

  @TempDir Path work;

  private static final Yaml YAML = yaml();

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(200);
    return new Yaml(options);
  }

  /** The rule groups of the PrometheusRule rendered with the production-like values. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> renderedRuleGroups() {
    return (Map<String, Object>)
        Helm.render(List.of("helm/keeplive/ci/production-values.yaml"))
            .get("PrometheusRule", Helm.RELEASE + "-keeplive")
            .at("spec");
  }

  @Test
  void theComposePrometheusConfigurationIsValid() {
    ProcessResult check =
        Promtool.run(RepositoryFiles.root(), "check", "config", "deploy/prometheus/prometheus.yml");

    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
  }

  @Test
  void theRenderedAlertRulesAndTheirAnnotationTemplatesAreValid() throws IOException {
    Promtool.require();
    Files.writeString(work.resolve("rules.yaml"), YAML.dump(renderedRuleGroups()));

    ProcessResult check = Promtool.run(work, "check", "rules", "rules.yaml");

    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    assertThat(check.stdout()).contains("SUCCESS: 14 rules found");
  }

  @Test
  void everyDashboardQueryIsValidPromql() throws IOException {
    Promtool.require();
    List<Map<String, Object>> rules = new ArrayList<>();
    int index = 0;
    for (MetricsInUse.Use use : MetricsInUse.dashboard()) {
      if (use.expression().startsWith("label_values(")) {
        continue;
      }
      String expression =
          use.expression()
              .replace("$__rate_interval", "5m")
              .replace("$namespace", ".*")
              .replace("$topic", ".*");
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("record", "dashboard:query_" + index++);
      rule.put("expr", expression);
      rules.add(rule);
    }
    Files.writeString(
        work.resolve("dashboard.yaml"),
        YAML.dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));

    ProcessResult check = Promtool.run(work, "check", "rules", "dashboard.yaml");

    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    assertThat(index).isGreaterThan(30);
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachAlertFiresOnTheConditionItsRunbookDescribesAndOnlyThen() throws IOException {
    Promtool.require();
    // promtool compares annotations too; they are checked above, here only labels matter.
    Map<String, Object> groups = renderedRuleGroups();
    for (Map<String, Object> group : (List<Map<String, Object>>) groups.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        rule.remove("annotations");
      }
    }
    Files.writeString(work.resolve("rules.yaml"), YAML.dump(groups));
    Files.writeString(
        work.resolve("tests.yaml"),
        new String(
            AlertRulesTest.class.getResourceAsStream("alert-rule-tests.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8));

    ProcessResult test = Promtool.run(work, "test", "rules", "tests.yaml");

    assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
    assertThat(test.stdout()).contains("SUCCESS");
  }
}
