package io.keeplive.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

class ActuatorTest {

  @Test
  void livenessAndReadinessAreUp() {
    var client = RunningService.shared().client();
    client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    client
        .get()
        .uri("/actuator/health/liveness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    client
        .get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }

  @Test
  void prometheusCountsCommittedWritesPerResourceAndAction() {
    Api admin = Api.as("ada", TestTokens.randomTenant(), "admin");
    admin.createTicket("{\"title\":\"counted\"}");
    String metrics =
        RunningService.shared()
            .managementClient()
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(metrics)
        .containsPattern(
            "keeplive_resource_writes_total\\{action=\"create\",resource=\"tickets\"[^}]*\\} [1-9]");
  }
}
