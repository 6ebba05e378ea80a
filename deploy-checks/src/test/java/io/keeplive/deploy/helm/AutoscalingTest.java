package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.MINIMAL;
import static io.keeplive.deploy.helm.HelmChartTest.PRODUCTION;
import static io.keeplive.deploy.helm.HelmChartTest.fullname;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's autoscaling: HPA and KEDA scale down alike, on this release's sessions. */
class AutoscalingTest {

  static final String[] KEDA = {
    "gateway.autoscaling.hpa.enabled=false",
    "gateway.autoscaling.keda.enabled=true",
    "gateway.autoscaling.keda.prometheusServerAddress=http://prometheus:9090"
  };

  @Test
  void kedaScalesDownAsSlowlyAsTheHpaAndFallsBackToAFixedCount() {
    YamlDocument hpa =
        Helm.render(List.of(MINIMAL)).get("HorizontalPodAutoscaler", fullname("live-gateway"));
    YamlDocument scaled =
        Helm.render(List.of(MINIMAL), KEDA).get("ScaledObject", fullname("live-gateway"));

    assertThat(scaled.at("spec.advanced.horizontalPodAutoscalerConfig.behavior"))
        .isNotNull()
        .isEqualTo(hpa.at("spec.behavior"));
    assertThat(
            scaled.at(
                "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0].value"))
        .isEqualTo(1);
    assertThat(scaled.at("spec.fallback.failureThreshold")).isEqualTo(3);
    assertThat(scaled.at("spec.fallback.replicas")).isEqualTo(4);
  }

  @Test
  void kedaCountsTheSessionsOfThisReleaseOnly() {
    YamlDocument scaled =
        Helm.render(List.of(MINIMAL), KEDA).get("ScaledObject", fullname("live-gateway"));

    assertThat(scaled.string("spec.triggers[0].metadata.query"))
        .isEqualTo(
            "sum(keeplive_gateway_sessions{namespace=\"keeplive\",service=\""
                + fullname("live-gateway")
                + "\"})");
  }

  @Test
  void kedaMayNotScaleToZeroWhereNoPodReportsSessions() {
    String[] zero = java.util.Arrays.copyOf(KEDA, KEDA.length + 1);
    zero[KEDA.length] = "gateway.autoscaling.keda.minReplicaCount=0";
    ProcessResult result = Helm.template(List.of(MINIMAL), List.of(zero));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("minReplicaCount");
  }

  @Test
  void theHpaCanScaleOnSessionsPerPodServedByPrometheusAdapter() {
    YamlDocument hpa =
        Helm.render(List.of(PRODUCTION)).get("HorizontalPodAutoscaler", fullname("live-gateway"));

    YamlDocument pods =
        hpa.list("spec.metrics").stream()
            .filter(m -> "Pods".equals(m.string("type")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Pods metric in " + hpa.root()));
    assertThat(pods.string("pods.metric.name")).isEqualTo("keeplive_gateway_sessions");
    assertThat(pods.string("pods.target.type")).isEqualTo("AverageValue");
    assertThat(pods.string("pods.target.averageValue")).isEqualTo("5000");
    // The adapter rule that serves it is documented, under the metric's own name.
    assertThat(RepositoryFiles.read("docs/operations.md"))
        .contains("seriesQuery: 'keeplive_gateway_sessions{namespace!=\"\",pod!=\"\"}'");
  }
}
