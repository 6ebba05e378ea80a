package io.keeplive.deploy.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.helm.Helm;
import io.keeplive.deploy.helm.Manifests;
import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment variables the Helm chart and docker-compose.yml set reach the configuration
 * properties the services read (docs/architecture.md), through Spring Boot's own mapping of
 * environment variables to property names — a misspelled variable would otherwise be ignored
 * silently and the service would start on its defaults.
 */
class EnvironmentBindingTest {

  /** Variable → the property it must set. Variables read by the JVM itself map to null. */
  static final Map<String, String> PROPERTY_OF = new LinkedHashMap<>();

  static {
    PROPERTY_OF.put("SERVER_PORT", "server.port");
    PROPERTY_OF.put("MANAGEMENT_SERVER_PORT", "management.server.port");
    PROPERTY_OF.put("JAVA_TOOL_OPTIONS", null);
    PROPERTY_OF.put("MALLOC_ARENA_MAX", null);
    PROPERTY_OF.put("KEEPLIVE_LIVE_API_SERVICE_TOKEN", "keeplive.live-api.service-token");
    PROPERTY_OF.put(
        "MANAGEMENT_ENDPOINT_HEALTH_GROUP_DETAILS_INCLUDE",
        "management.endpoint.health.group.details.include");
    PROPERTY_OF.put(
        "MANAGEMENT_ENDPOINT_HEALTH_GROUP_DETAILS_SHOW_DETAILS",
        "management.endpoint.health.group.details.show-details");
    PROPERTY_OF.put("KEEPLIVE_DEV_MODE", "keeplive.dev-mode");
    PROPERTY_OF.put("KEEPLIVE_JWT_SECRET", "keeplive.jwt.secret");
    PROPERTY_OF.put("KEEPLIVE_JWT_JWKS_URI", "keeplive.jwt.jwks-uri");
    PROPERTY_OF.put("KEEPLIVE_JWT_ISSUER", "keeplive.jwt.issuer");
    PROPERTY_OF.put("KEEPLIVE_JWT_AUDIENCE", "keeplive.jwt.audience");
    PROPERTY_OF.put(
        "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "management.endpoint.health.probes.enabled");
    PROPERTY_OF.put("SPRING_R2DBC_URL", "spring.r2dbc.url");
    PROPERTY_OF.put("SPRING_R2DBC_USERNAME", "spring.r2dbc.username");
    PROPERTY_OF.put("SPRING_R2DBC_PASSWORD", "spring.r2dbc.password");
    PROPERTY_OF.put("SPRING_FLYWAY_URL", "spring.flyway.url");
    PROPERTY_OF.put("SPRING_FLYWAY_USER", "spring.flyway.user");
    PROPERTY_OF.put("SPRING_FLYWAY_PASSWORD", "spring.flyway.password");
    PROPERTY_OF.put("SPRING_DATASOURCE_URL", "spring.datasource.url");
    PROPERTY_OF.put("SPRING_DATASOURCE_USERNAME", "spring.datasource.username");
    PROPERTY_OF.put("SPRING_DATASOURCE_PASSWORD", "spring.datasource.password");
    PROPERTY_OF.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "spring.kafka.bootstrap-servers");
    PROPERTY_OF.put("SPRING_KAFKA_SECURITY_PROTOCOL", "spring.kafka.security.protocol");
    PROPERTY_OF.put(
        "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "spring.kafka.ssl.trust-store-location");
    PROPERTY_OF.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "spring.kafka.ssl.trust-store-type");
    PROPERTY_OF.put(
        "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", "spring.kafka.ssl.trust-store-password");
    PROPERTY_OF.put("KEEPLIVE_RELAY_TOPIC", "keeplive.relay.topic");
    PROPERTY_OF.put("KEEPLIVE_GATEWAY_TOPIC", "keeplive.gateway.topic");
    PROPERTY_OF.put(
        "KEEPLIVE_GATEWAY_RESOURCE_SERVICE_URL", "keeplive.gateway.resource-service-url");
  }

  static final Set<String> SERVICES = Set.of("resource-service", "notifier-relay", "live-gateway");

  /** What one service's property would be, given these environment variables. */
  private static String bound(Map<String, String> variables, String property) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(variables)));
    ConfigurationPropertySources.attach(environment);
    return Binder.get(environment).bind(property, String.class).orElse(null);
  }

  private static void assertBinds(String where, Map<String, String> variables) {
    variables.forEach(
        (variable, value) -> {
          assertThat(PROPERTY_OF)
              .as(where + ": unexpected variable " + variable)
              .containsKey(variable);
          String property = PROPERTY_OF.get(variable);
          if (property != null && value != null) {
            assertThat(bound(variables, property))
                .as(where + ": " + variable + " → " + property)
                .isEqualTo(value);
          }
        });
  }

  /** Compose substitutes {@code ${VARIABLE:-default}} before the container starts. */
  private static String interpolate(String value) {
    return value.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}", "$1");
  }

  @Test
  void aMisspelledVariableDoesNotBindSoThisCheckCanTell() {
    assertThat(
            bound(
                Map.of("KEEPLIVE_GATEWAY_RESOURCESERVICE_URL", "http://x"),
                "keeplive.gateway.resource-service-url"))
        .isNull();
    assertThat(
            bound(
                Map.of("KEEPLIVE_GATEWAY_RESOURCE_SERVICE_URL", "http://x"),
                "keeplive.gateway.resource-service-url"))
        .isEqualTo("http://x");
  }

  @Test
  void everyVariableTheChartSetsBindsToThePropertyTheServiceReads() {
    for (String values :
        List.of(
            "helm/keeplive/ci/minimal-values.yaml", "helm/keeplive/ci/production-values.yaml")) {
      Manifests release = Helm.render(List.of(values));
      for (String service : SERVICES) {
        YamlDocument container =
            release
                .get("Deployment", Helm.RELEASE + "-keeplive-" + service)
                .child("spec.template.spec.containers[0]");
        Map<String, String> variables = new LinkedHashMap<>();
        for (YamlDocument variable : container.list("env")) {
          // Secret references have no literal value; their names are checked all the same.
          variables.put(
              variable.string("name"),
              variable.string("value") != null ? variable.string("value") : "from-secret");
        }
        assertBinds(values + " " + service, variables);
      }
    }
  }

  @Test
  void everyVariableComposeSetsOnAServiceBindsToThePropertyTheServiceReads() {
    YamlDocument compose = YamlDocument.parse(RepositoryFiles.read("docker-compose.yml"));
    for (String service : SERVICES) {
      Map<String, String> variables = new LinkedHashMap<>();
      compose
          .map("services." + service + ".environment")
          .forEach((name, value) -> variables.put(name, interpolate(String.valueOf(value))));
      assertBinds("docker-compose " + service, variables);
    }
  }
}
