package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rendered alert rules, read as text (promtool checks their behaviour in AlertRulesTest where
 * it is installed): labels Alertmanager routes need, and links that lead somewhere.
 */
class AlertExpressionsTest {

  private static final Pattern AGGREGATION =
      Pattern.compile("\\b(sum|max|min|avg|count)\\s*(?:by\\s*\\(([^)]*)\\))?\\s*\\(");

  static List<YamlDocument> rules(Manifests release) {
    return release.get("PrometheusRule", Helm.RELEASE + "-keeplive").list("spec.groups[0].rules");
  }

  @Test
  void everyAggregationKeepsTheNamespaceLabelSoNamespaceRoutesMatch() {
    List<String> dropping = new ArrayList<>();
    for (YamlDocument rule : rules(Helm.render(List.of(PRODUCTION)))) {
      String expr = rule.string("expr");
      Matcher m = AGGREGATION.matcher(expr);
      while (m.find()) {
        String by = m.group(2);
        if (by == null || !List.of(by.split("\\s*,\\s*")).contains("namespace")) {
          dropping.add(rule.string("alert") + ": " + m.group());
        }
      }
      if (expr.contains("vector(0)")) {
        assertThat(expr)
            .as(rule.string("alert") + ": a literal 0 needs the namespace label too")
            .contains("label_replace(vector(0), \"namespace\", \"keeplive\", \"\", \"\")");
      }
    }
    assertThat(dropping).isEmpty();
  }

  @Test
  void withoutARunbookBaseUrlNoAlertCarriesADanglingRunbookLink() {
    Manifests release = Helm.render(List.of(), "metrics.prometheusRule.enabled=true");

    for (YamlDocument rule : rules(release)) {
      assertThat(rule.map("annotations")).as(rule.string("alert")).doesNotContainKey("runbook_url");
    }
    Manifests trailingSlash =
        Helm.render(
            List.of(),
            "metrics.prometheusRule.enabled=true",
            "metrics.prometheusRule.runbookBaseUrl=https://docs.example.internal/ops/");
    assertThat(rules(trailingSlash).get(0).string("annotations.runbook_url"))
        .isEqualTo("https://docs.example.internal/ops#keepliveoutboxoldestrowtooold");
  }

  @Test
  void refetchFailuresAlertPerReasonAndHaveARunbook() {
    YamlDocument rule =
        rules(Helm.render(List.of(PRODUCTION))).stream()
            .filter(r -> "KeepliveGatewayRefetchFailures".equals(r.string("alert")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no KeepliveGatewayRefetchFailures alert"));

    assertThat(rule.string("expr"))
        .isEqualTo(
            "sum by (namespace, reason) (rate(keeplive_gateway_refetch_failures_total{namespace=\"keeplive\"}[5m])) > 0.05");
    assertThat(RepositoryFiles.read("docs/operations.md"))
        .contains("### KeepliveGatewayRefetchFailures");
  }
}
