package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live API answers only callers with the gateways' service credential, and plans only for a
 * user's bearer token (backend-contract.md §2).
 */
@ExtendWith(BackendExtension.class)
class LiveApiDoorCheck {

  private static void assertServiceUnauthorized(Backend.Answer answer, String what) {
    assertThat(answer.status()).as(what + ": status").isEqualTo(401);
    assertThat(answer.isProblem()).as(what + ": application/problem+json").isTrue();
    assertThat(answer.problemCode()).as(what + ": code").isEqualTo("service_unauthorized");
  }

  @Test
  void planAndQueryRefuseCallersWithoutTheServiceCredential(Backend backend) {
    String tenant = Backend.newTenant();
    String user = "Bearer " + backend.user("kit-reader", tenant);
    String resource = backend.fixture().resource();
    assertServiceUnauthorized(
        backend.post(
            "/api/live/plan", "{\"resource\":\"" + resource + "\"}", Map.of("Authorization", user)),
        "plan without credential");
    assertServiceUnauthorized(
        backend.post(
            "/api/live/query", "{\"resource\":\"" + resource + "\",\"actors\":[]}", Map.of()),
        "query without credential");
  }

  @Test
  void aWrongServiceCredentialIsRefusedLikeAMissingOne(Backend backend) {
    String tenant = Backend.newTenant();
    assertServiceUnauthorized(
        backend.post(
            "/api/live/plan",
            "{\"resource\":\"" + backend.fixture().resource() + "\"}",
            Map.of(
                Backend.SERVICE_HEADER,
                backend.target().serviceToken() + "-wrong",
                "Authorization",
                "Bearer " + backend.user("kit-reader", tenant))),
        "plan with a wrong credential");
  }

  @Test
  void aPlanWithoutAUserTokenIsUnauthorized(Backend backend) {
    Backend.Answer answer =
        backend.live(
            "/api/live/plan", "{\"resource\":\"" + backend.fixture().resource() + "\"}", null);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.problemCode()).isEqualTo("unauthorized");
  }
}
