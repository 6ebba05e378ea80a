package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.MINIMAL;
import static io.keeplive.deploy.helm.HelmChartTest.PRODUCTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.node.NodeTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rendered object is valid against the schema of its kind: the Kubernetes OpenAPI schemas,
 * the Prometheus Operator and KEDA CRDs (npm packages kubernetes-models,
 * {@code @kubernetes-models/prometheus-operator}, {@code @kubernetes-models/keda}; no download at
 * test time beyond the package registry). Kinds without a schema fail the check.
 */
class ManifestSchemaTest {

  /** Every optional feature of the chart on at once (KEDA instead of the HPA). */
  static final String[] EVERYTHING = {
    "metrics.serviceMonitor.enabled=true",
    "metrics.prometheusRule.enabled=true",
    "metrics.prometheusRule.runbookBaseUrl=https://docs.example.internal/ops",
    "networkPolicy.enabled=true",
    "networkPolicy.gateway.allowedFrom[0].namespaceSelector.matchLabels.team=web",
    "gateway.ingress.enabled=true",
    "gateway.ingress.className=nginx",
    "gateway.ingress.host=live.example.internal",
    "gateway.ingress.tls[0].secretName=tls",
    "gateway.ingress.tls[0].hosts[0]=live.example.internal",
    "gateway.autoscaling.hpa.enabled=false",
    "gateway.autoscaling.keda.enabled=true",
    "gateway.autoscaling.keda.prometheusServerAddress=http://prometheus:9090",
    "jwt.secret=a-secret-of-at-least-thirty-two-bytes-long",
    "postgresql.password=pw",
    "postgresql.existingSecret=",
    "gateway.pdb.minAvailable=",
    "gateway.pdb.maxUnavailable=0",
    "relay.pdb.maxUnavailable=",
    "relay.pdb.minAvailable=0",
    "extraVolumes[0].name=ca",
    "extraVolumes[0].secret.secretName=ca",
    "extraVolumeMounts[0].name=ca",
    "extraVolumeMounts[0].mountPath=/etc/ca",
  };

  @TempDir Path work;

  /** Renders, validates, and checks that every rendered object was validated. */
  Manifests validate(List<String> valuesFiles, String... sets) throws IOException {
    ProcessResult rendered = Helm.template(valuesFiles, List.of(sets));
    assertThat(rendered.exitCode()).as(rendered.stderr()).isZero();
    Manifests release = Helm.render(valuesFiles, sets);
    Path manifests = Files.writeString(work.resolve("manifests.yaml"), rendered.stdout());
    ProcessResult result = NodeTools.node("validate-manifests.mjs", manifests.toString());
    assertThat(result.exitCode())
        .as(valuesFiles + "\n" + result.stdout() + result.stderr())
        .isZero();
    assertThat(result.stdout()).contains(release.objects().size() + " objects valid, 0 problems");
    return release;
  }

  @Test
  void theDefaultMinimalAndProductionReleasesAreValid() throws IOException {
    for (List<String> values : List.of(List.<String>of(), List.of(MINIMAL), List.of(PRODUCTION))) {
      validate(values);
    }
  }

  @Test
  void aReleaseWithEveryOptionalFeatureOnIsValid() throws IOException {
    Manifests release = validate(List.of(PRODUCTION), EVERYTHING);

    assertThat(release.kinds())
        .contains(
            "ScaledObject",
            "Ingress",
            "NetworkPolicy",
            "ServiceMonitor",
            "PrometheusRule",
            "Secret",
            "ConfigMap",
            "PodDisruptionBudget");
  }

  @Test
  void aWrongFieldIsCaught() throws IOException {
    ProcessResult rendered = Helm.template(List.of(PRODUCTION), List.of());
    // What a template typo would produce: a quoted port and an unknown pathType.
    String broken =
        rendered
            .stdout()
            .replaceFirst("containerPort: 8080", "containerPort: \"8080\"")
            .replaceFirst("pathType: Prefix", "pathType: Prefixed");
    Path manifests = Files.writeString(work.resolve("broken.yaml"), broken);

    ProcessResult result = NodeTools.node("validate-manifests.mjs", manifests.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stdout())
        .contains(
            "Deployment/kl-keeplive-live-gateway: data/spec/template/spec/containers/0/ports/0/containerPort must be integer")
        .contains(
            "Ingress/kl-keeplive-live-gateway: data/spec/rules/0/http/paths/0/pathType must be equal to one of the allowed values");
  }
}
