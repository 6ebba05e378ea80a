package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.MINIMAL;
import static io.keeplive.deploy.helm.HelmChartTest.PRODUCTION;
import static io.keeplive.deploy.helm.HelmChartTest.fullname;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional NetworkPolicies and the gateway's optional Ingress. */
class NetworkAccessTest {

  static List<YamlDocument> rulesFor(YamlDocument policy, String port) {
    return policy.list("spec.ingress").stream()
        .filter(rule -> rule.list("ports").stream().anyMatch(p -> port.equals(p.string("port"))))
        .toList();
  }

  @Test
  void nothingRestrictsTrafficUnlessAsked() {
    assertThat(Helm.render(List.of(MINIMAL)).ofKind("NetworkPolicy")).isEmpty();
    assertThat(Helm.render(List.of(MINIMAL)).ofKind("Ingress")).isEmpty();
  }

  @Test
  void managementPortsAreReachableOnlyFromTheMonitoringNamespace() {
    Manifests release = Helm.render(List.of(MINIMAL), "networkPolicy.enabled=true");

    assertThat(release.ofKind("NetworkPolicy")).hasSize(3);
    for (String component : HelmChartTest.PORTS.keySet()) {
      YamlDocument policy = release.get("NetworkPolicy", fullname(component));
      assertThat(policy.map("spec.podSelector.matchLabels"))
          .containsEntry("app.kubernetes.io/component", component);
      assertThat(policy.list("spec.policyTypes"))
          .extracting(YamlDocument::root)
          .containsExactly("Ingress");
      List<YamlDocument> management = rulesFor(policy, "management");
      assertThat(management).hasSize(1);
      assertThat(management.get(0).list("from")).hasSize(1);
      assertThat(management.get(0).map("from[0].namespaceSelector.matchLabels"))
          .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
    }
  }

  @Test
  void theRelayTakesNoTrafficButPrometheusAndResourceServiceOnlyFromGateways() {
    Manifests release = Helm.render(List.of(MINIMAL), "networkPolicy.enabled=true");

    YamlDocument relay = release.get("NetworkPolicy", fullname("notifier-relay"));
    assertThat(relay.list("spec.ingress")).hasSize(1);
    assertThat(rulesFor(relay, "http")).isEmpty();

    YamlDocument resource = release.get("NetworkPolicy", fullname("resource-service"));
    List<YamlDocument> api = rulesFor(resource, "http");
    assertThat(api).hasSize(1);
    assertThat(api.get(0).list("from")).hasSize(1);
    assertThat(api.get(0).map("from[0].podSelector.matchLabels"))
        .containsEntry("app.kubernetes.io/component", "live-gateway")
        .containsEntry("app.kubernetes.io/instance", Helm.RELEASE);

    YamlDocument gateway = release.get("NetworkPolicy", fullname("live-gateway"));
    assertThat(rulesFor(gateway, "http")).hasSize(1);
    assertThat(rulesFor(gateway, "http").get(0).at("from"))
        .as("the gateway's public port is open unless allowedFrom narrows it")
        .isNull();

    Manifests production = Helm.render(List.of(PRODUCTION));
    assertThat(
            rulesFor(production.get("NetworkPolicy", fullname("resource-service")), "http")
                .get(0)
                .list("from"))
        .hasSize(2);
  }

  @Test
  void theGatewayIngressRoutesLiveToThePublicPortWithWebsocketTimeouts() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    YamlDocument ingress = release.get("Ingress", fullname("live-gateway"));
    assertThat(ingress.string("spec.ingressClassName")).isEqualTo("nginx");
    assertThat(ingress.string("spec.rules[0].host")).isEqualTo("live.example.internal");
    assertThat(ingress.string("spec.rules[0].http.paths[0].path")).isEqualTo("/live");
    assertThat(ingress.string("spec.rules[0].http.paths[0].backend.service.name"))
        .isEqualTo(fullname("live-gateway"));
    assertThat(ingress.string("spec.rules[0].http.paths[0].backend.service.port.name"))
        .isEqualTo("http");
    assertThat(ingress.map("metadata.annotations"))
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
    assertThat(ingress.string("spec.tls[0].secretName")).isEqualTo("live-example-internal-tls");
  }
}
