package io.keeplive.deploy.metrics;

import io.keeplive.deploy.repository.RepositoryFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every PromQL expression the deployment ships and the metric series it reads: the dashboard's
 * panel targets and template variables, the alert rules of the chart's PrometheusRule and the KEDA
 * trigger query. Read from the files themselves (no helm needed); Helm template actions ({@code {{
 * ... }}}) are blanked out, which leaves thresholds empty but every metric name intact.
 */
public final class MetricsInUse {

  public static final String DASHBOARD = "helm/keeplive/dashboards/keeplive-lag-latency.json";
  public static final String ALERT_RULES = "helm/keeplive/templates/prometheusrule.yaml";
  public static final String AUTOSCALING = "helm/keeplive/templates/gateway-autoscaling.yaml";

  /** The list the embedded-stack test checks against live /actuator/prometheus output. */
  public static final String INVENTORY = "deploy/metrics-in-use.txt";

  private static final Pattern TEMPLATE_ACTION = Pattern.compile("\\{\\{.*?}}");
  private static final Pattern EXPR_LINE =
      Pattern.compile("^\\s*expr:\\s*(.+)$", Pattern.MULTILINE);
  private static final Pattern KEDA_QUERY =
      Pattern.compile("query:\\s*\\{\\{\\s*printf\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One expression and where it comes from (e.g. "dashboard: Sessions"). */
  public record Use(String where, String expression) {
    public Set<String> metrics() {
      return PromQl.metricNames(expression);
    }
  }

  private MetricsInUse() {}

  public static List<Use> dashboard() {
    JsonNode dashboard = JsonMapper.builder().build().readTree(RepositoryFiles.read(DASHBOARD));
    List<Use> uses = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        uses.add(
            new Use(
                "dashboard panel '" + panel.path("title").asString() + "'",
                target.path("expr").asString()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asString() : query.asString();
      if ("query".equals(variable.path("type").asString())) {
        uses.add(new Use("dashboard variable '" + variable.path("name").asString() + "'", text));
      }
    }
    return uses;
  }

  public static List<Use> alerts() {
    List<Use> uses = new ArrayList<>();
    String rules = RepositoryFiles.read(ALERT_RULES);
    Matcher expr = EXPR_LINE.matcher(rules);
    while (expr.find()) {
      String expression = TEMPLATE_ACTION.matcher(expr.group(1)).replaceAll(" ");
      String alert = alertNameBefore(rules, expr.start());
      uses.add(new Use("alert " + alert, expression));
    }
    Matcher keda = KEDA_QUERY.matcher(RepositoryFiles.read(AUTOSCALING));
    while (keda.find()) {
      uses.add(new Use("KEDA trigger", keda.group(1).replace("\\\"", "\"")));
    }
    return uses;
  }

  private static String alertNameBefore(String rules, int position) {
    int alert = rules.lastIndexOf("- alert:", position);
    return alert < 0 ? "?" : rules.substring(alert + 8, rules.indexOf('\n', alert)).trim();
  }

  public static List<Use> all() {
    List<Use> uses = new ArrayList<>(dashboard());
    uses.addAll(alerts());
    return uses;
  }

  /** Series name → the places that read it. */
  public static Map<String, Set<String>> seriesToUses() {
    Map<String, Set<String>> series = new TreeMap<>();
    for (Use use : all()) {
      for (String metric : use.metrics()) {
        series.computeIfAbsent(metric, m -> new TreeSet<>()).add(use.where());
      }
    }
    return series;
  }

  /** The text deploy/metrics-in-use.txt must contain. */
  public static String inventory() {
    StringBuilder text =
        new StringBuilder(
            "# Every metric series read by the Grafana dashboard, the alert rules and the KEDA\n"
                + "# trigger (one per line). Generated and kept current by deploy-checks\n"
                + "# (MetricsInUseTest); embedded-stack's operations test checks that the running\n"
                + "# services publish each of them.\n");
    seriesToUses().keySet().forEach(series -> text.append(series).append('\n'));
    return text.toString();
  }
}
