package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.MINIMAL;
import static io.keeplive.deploy.helm.HelmChartTest.container;
import static io.keeplive.deploy.helm.HelmChartTest.env;
import static io.keeplive.deploy.helm.HelmChartTest.fullname;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Secrets the chart generates are generated once: within one render every Deployment carries the
 * checksum of the Secrets rendered with it, the Secrets survive uninstall and are read back on
 * upgrade (lookup), and the relay, which reads no token, gets none.
 */
class GeneratedSecretsTest {

  @Test
  void withinOneRenderEveryDeploymentCarriesOneChecksumThatOfTheRenderedSecrets() {
    Manifests release = Helm.render(List.of());

    Set<String> checksums =
        release.ofKind("Deployment").stream()
            .map(d -> d.string("spec.template.metadata.annotations.checksum/secrets"))
            .collect(Collectors.toSet());
    assertThat(checksums).hasSize(1).doesNotContainNull();

    // The generated values themselves agree with what every Deployment references.
    String jwt = release.get("Secret", Helm.RELEASE + "-keeplive-jwt").string("data.jwt-secret");
    String again = release.get("Secret", Helm.RELEASE + "-keeplive-jwt").string("data.jwt-secret");
    assertThat(again).isEqualTo(jwt);
  }

  /** A given live API credential, so that nothing in these renders is generated. */
  static final String TOKEN = "liveApi.serviceToken=given-live-api-token";

  @Test
  void theChecksumFollowsTheSecretsSoAChangedSecretRestartsThePods() {
    String one =
        Helm.render(List.of(MINIMAL), TOKEN, "jwt.secret=first-secret-of-at-least-32-bytes-xxxxx")
            .get("Deployment", fullname("live-gateway"))
            .string("spec.template.metadata.annotations.checksum/secrets");
    String same =
        Helm.render(List.of(MINIMAL), TOKEN, "jwt.secret=first-secret-of-at-least-32-bytes-xxxxx")
            .get("Deployment", fullname("live-gateway"))
            .string("spec.template.metadata.annotations.checksum/secrets");
    String other =
        Helm.render(List.of(MINIMAL), TOKEN, "jwt.secret=other-secret-of-at-least-32-bytes-xxxxx")
            .get("Deployment", fullname("live-gateway"))
            .string("spec.template.metadata.annotations.checksum/secrets");
    assertThat(same).isEqualTo(one);
    assertThat(other).isNotEqualTo(one);
  }

  @Test
  void generatedSecretsAreKeptOnUninstallAndReadBackOnUpgrade() {
    Manifests release = Helm.render(List.of());

    for (String name : List.of("jwt", "live-api")) {
      YamlDocument secret = release.get("Secret", Helm.RELEASE + "-keeplive-" + name);
      assertThat(secret.map("metadata.annotations"))
          .as(name)
          .containsEntry("helm.sh/resource-policy", "keep");
    }
    // Read back from the cluster when it exists: the template must look it up by its own name.
    assertThat(
            io.keeplive.deploy.repository.RepositoryFiles.read(
                "helm/keeplive/templates/_helpers.tpl"))
        .contains("lookup \"v1\" \"Secret\" .root.Release.Namespace .secret");
    // A given secret is the user's: the chart does not keep it after uninstall.
    Manifests given =
        Helm.render(List.of(), "jwt.secret=given-secret-of-at-least-32-bytes-xxxxxxx");
    assertThat(given.get("Secret", Helm.RELEASE + "-keeplive-jwt").map("metadata.annotations"))
        .doesNotContainKey("helm.sh/resource-policy");
  }

  @Test
  void theRelayReadsNoTokenSoItGetsNoJwtSettings() {
    Manifests release = Helm.render(List.of(HelmChartTest.PRODUCTION));

    assertThat(env(container(release, "notifier-relay")).keySet())
        .noneMatch(name -> name.startsWith("KEEPLIVE_JWT_"));
    assertThat(env(container(release, "live-gateway"))).containsKey("KEEPLIVE_JWT_SECRET");
    assertThat(env(container(release, "resource-service"))).containsKey("KEEPLIVE_JWT_SECRET");
  }
}
