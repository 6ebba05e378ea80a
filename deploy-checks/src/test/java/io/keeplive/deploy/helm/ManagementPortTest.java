package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.MINIMAL;
import static io.keeplive.deploy.helm.HelmChartTest.PRODUCTION;
import static io.keeplive.deploy.helm.HelmChartTest.container;
import static io.keeplive.deploy.helm.HelmChartTest.env;
import static io.keeplive.deploy.helm.HelmChartTest.fullname;
import static io.keeplive.deploy.helm.HelmChartTest.secretRef;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.4 on the deployment side: metrics and debug endpoints are served on a management port
 * (service port + 1000), which is what Prometheus scrapes; the probes stay on the public port; the
 * live API credential reaches the gateway and resource-service only.
 */
class ManagementPortTest {

  @Test
  void everyServiceListensOnItsManagementPortAndItsServiceExposesItByName() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    HelmChartTest.PORTS.forEach(
        (component, port) -> {
          YamlDocument container = container(release, component);
          assertThat(container.list("ports"))
              .extracting(p -> p.string("name") + "=" + p.string("containerPort"))
              .containsExactly("http=" + port, "management=" + (port + 1000));
          assertThat(env(container))
              .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(port + 1000));
          assertThat(container.string("readinessProbe.httpGet.port"))
              .as("probes stay on the public port's /actuator/health")
              .isEqualTo("http");
          YamlDocument service = release.get("Service", fullname(component));
          assertThat(service.list("spec.ports"))
              .extracting(
                  p -> p.string("name") + "=" + p.string("port") + "->" + p.string("targetPort"))
              .containsExactly(
                  "http=" + port + "->http", "management=" + (port + 1000) + "->management");
        });
  }

  @Test
  void theServiceMonitorScrapesTheManagementPort() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    YamlDocument monitor = release.get("ServiceMonitor", Helm.RELEASE + "-keeplive");
    assertThat(monitor.list("spec.endpoints")).hasSize(1);
    assertThat(monitor.string("spec.endpoints[0].port")).isEqualTo("management");
    assertThat(monitor.string("spec.endpoints[0].path")).isEqualTo("/actuator/prometheus");
  }

  @Test
  void theManagementPortIsConfigurableAndMayNotBeThePublicPort() {
    Manifests release =
        Helm.render(
            List.of(MINIMAL),
            "gateway.containerPorts.management=9999",
            "gateway.service.ports.management=19999");
    assertThat(env(container(release, "live-gateway")))
        .containsEntry("MANAGEMENT_SERVER_PORT", "9999");
    assertThat(release.get("Service", fullname("live-gateway")).string("spec.ports[1].port"))
        .isEqualTo("19999");

    ProcessResult same =
        Helm.template(List.of(MINIMAL), List.of("relay.containerPorts.management=8082"));
    assertThat(same.exitCode()).isNotZero();
    assertThat(same.stderr()).contains("relay.containerPorts.management must differ");
  }

  @Test
  void theLiveApiCredentialReachesTheGatewayAndResourceServiceButNotTheRelay() {
    Manifests defaults = Helm.render(List.of(MINIMAL));
    String generated = Helm.RELEASE + "-keeplive-live-api/live-api-service-token";
    assertThat(secretRef(container(defaults, "live-gateway"), "KEEPLIVE_LIVE_API_SERVICE_TOKEN"))
        .isEqualTo(generated);
    assertThat(
            secretRef(container(defaults, "resource-service"), "KEEPLIVE_LIVE_API_SERVICE_TOKEN"))
        .isEqualTo(generated);
    assertThat(env(container(defaults, "notifier-relay")))
        .doesNotContainKey("KEEPLIVE_LIVE_API_SERVICE_TOKEN");
    String token =
        defaults
            .get("Secret", Helm.RELEASE + "-keeplive-live-api")
            .string("data.live-api-service-token");
    assertThat(HelmChartTest.decode(token)).hasSize(48).matches("[A-Za-z0-9]+");

    Manifests production = Helm.render(List.of(PRODUCTION));
    assertThat(secretRef(container(production, "live-gateway"), "KEEPLIVE_LIVE_API_SERVICE_TOKEN"))
        .isEqualTo("keeplive-live-api/token");
    assertThat(production.ofKind("Secret")).isEmpty();
  }
}
