package io.keeplive.stack.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.SharedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC §4.4: what each port of each service answers. Public ports serve the product API and the
 * health probes; Prometheus and the gateway's debug endpoint only answer on the management port.
 */
class ExposureTest {

  private static final EmbeddedStack stack = SharedStack.get();

  /** Service → (public URL, management URL). */
  static Stream<Arguments> services() {
    return Stream.of(
        service("live-gateway", EmbeddedStack::gatewayUrl, EmbeddedStack::gatewayManagementUrl),
        service(
            "resource-service",
            EmbeddedStack::resourceServiceUrl,
            EmbeddedStack::resourceServiceManagementUrl),
        service("notifier-relay", EmbeddedStack::relayUrl, EmbeddedStack::relayManagementUrl));
  }

  private static Arguments service(
      String name,
      Function<EmbeddedStack, URI> publicUrl,
      Function<EmbeddedStack, URI> management) {
    return Arguments.of(name, publicUrl.apply(stack), management.apply(stack));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void thePublicPortAnswers404ForPrometheusAndEveryOtherActuatorEndpoint(
      String service, URI publicUrl, URI managementUrl) {
    for (String path :
        new String[] {
          "/actuator/prometheus", "/actuator/live", "/actuator", "/actuator/info", "/actuator/env"
        }) {
      assertThat(Http.get(publicUrl.resolve(path)).statusCode())
          .as("%s public %s", service, path)
          .isEqualTo(404);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void thePublicPortServesHealthAndItsProbeGroups(
      String service, URI publicUrl, URI managementUrl) {
    for (String path :
        new String[] {
          "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"
        }) {
      HttpResponse<String> response = Http.get(publicUrl.resolve(path));
      assertThat(response.statusCode()).as("%s public %s", service, path).isEqualTo(200);
      assertThat(response.body()).as("%s public %s", service, path).contains("\"UP\"");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void theManagementPortServesPrometheusOnAnotherPort(
      String service, URI publicUrl, URI managementUrl) {
    assertThat(managementUrl.getPort()).as(service).isNotEqualTo(publicUrl.getPort());
    HttpResponse<String> response = Http.get(managementUrl.resolve("/actuator/prometheus"));
    assertThat(response.statusCode()).as(service).isEqualTo(200);
    assertThat(response.body()).as(service).contains("jvm_memory_used_bytes");
  }

  @Test
  void theGatewaysDebugEndpointAnswersOnItsManagementPortOnly() {
    assertThat(Http.get(stack.gatewayManagementUrl().resolve("/actuator/live")).body())
        .contains("\"sessions\"");
    assertThat(Http.get(stack.gatewayUrl().resolve("/actuator/live")).statusCode()).isEqualTo(404);
  }

  @Test
  void aHealthComponentIsNotServedOnThePublicPort() {
    assertThat(
            Http.get(stack.resourceServiceUrl().resolve("/actuator/health/readiness/r2dbc"))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void devTokenIsServedInDevelopmentMode() throws Exception {
    // Its absence outside development mode: GatewayProtocolTest.devTokenDoesNotExistOutsideDevMode.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(stack.gatewayUrl().resolve("/dev/token"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"alice\",\"tenant\":\"acme\",\"roles\":[\"agent\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"token\"");
  }
}
