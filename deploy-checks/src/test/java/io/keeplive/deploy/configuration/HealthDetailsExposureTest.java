package io.keeplive.deploy.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.boot.ManagementPort;
import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.deploy.helm.Helm;
import io.keeplive.deploy.repository.YamlDocument;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.testsupport.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The health settings the chart gives a service, applied to the real service: resource-service
 * started with exactly the chart's MANAGEMENT_* environment (as Kubernetes would pass it) shows the
 * reasons of its health on the management port and nothing beyond the status on its public port.
 */
class HealthDetailsExposureTest {

  static ConfigurableApplicationContext service;
  static int publicPort;
  static int managementPort;

  @BeforeAll
  static void startResourceServiceWithTheChartsHealthSettings() {
    YamlDocument container =
        Helm.render(List.of("helm/keeplive/ci/minimal-values.yaml"))
            .get("Deployment", Helm.RELEASE + "-keeplive-resource-service")
            .child("spec.template.spec.containers[0]");
    Map<String, Object> chartEnvironment = new LinkedHashMap<>();
    for (YamlDocument variable : container.list("env")) {
      String name = variable.string("name");
      if (name.startsWith("MANAGEMENT_ENDPOINT_HEALTH_")) {
        chartEnvironment.put(name, variable.string("value"));
      }
    }
    assertThat(chartEnvironment).containsKey("MANAGEMENT_ENDPOINT_HEALTH_GROUP_DETAILS_INCLUDE");
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, chartEnvironment));
    Postgres.Database database = Postgres.shared().newDatabase("health_details");
    service =
        ResourceServiceApplication.application()
            .environment(environment)
            .run(
                Stream.concat(
                        Stream.of(
                            "--server.port=0",
                            "--keeplive.dev-mode=true",
                            "--keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET),
                        database.springArguments().stream())
                    .toArray(String[]::new));
    publicPort = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    managementPort = ManagementPort.of(service);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theManagementPortShowsEveryHealthContributorWithItsDetails() throws Exception {
    HttpResponse<String> details = get(managementPort, "/actuator/health/details");

    assertThat(details.statusCode()).isEqualTo(200);
    assertThat(details.body())
        .contains("\"components\"")
        .contains("\"r2dbc\"")
        .contains("\"details\"");
  }

  @Test
  void thePublicPortShowsStatusOnlyAndNotTheDetailsGroup() throws Exception {
    assertThat(get(publicPort, "/actuator/health/details").statusCode()).isEqualTo(404);
    for (String path :
        List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
      HttpResponse<String> response = get(publicPort, path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body())
          .as(path)
          // The root lists the group names; what must not show is any component or its details.
          .doesNotContain("\"components\"")
          .doesNotContain("\"details\":")
          .doesNotContain("\"r2dbc\"");
    }
  }
}
