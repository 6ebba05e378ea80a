package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/live/plans} is optional (backend-contract.md §2): a backend that answers 404 or
 * 405 is planned one user at a time, and the check is skipped. A backend that serves it must answer
 * each actor, index-aligned, exactly what {@code /api/live/plan} answers that actor's user; a batch
 * shares the call, never a plan.
 */
@ExtendWith(BackendExtension.class)
class LivePlansCheck {

  @Test
  void eachEntryIsWhatTheSingleCallAnswersItsUserAndABadTokenIsAnErrorAtItsIndex(Backend backend) {
    String resource = backend.fixture().resource();
    String reader = backend.user("kit-reader", Backend.newTenant());
    String other = backend.user("kit-other", Backend.newTenant());
    String body =
        "{\"resource\":\"%s\",\"actors\":[\"%s\",\"not-a-token\",\"%s\",\"%s\"]}"
            .formatted(resource, reader, other, reader);

    Backend.Answer batch = backend.live("/api/live/plans", body, null);
    Assumptions.assumeFalse(
        batch.status() == 404 || batch.status() == 405,
        "the backend does not serve the optional /api/live/plans");

    assertThat(batch.status()).as("plans status: " + batch.text()).isEqualTo(200);
    JsonNode plans = batch.body().path("plans");
    assertThat(plans.size()).as("one entry per actor").isEqualTo(4);
    assertThat(plans.get(0)).as("entry of the first user").isEqualTo(single(backend, reader));
    assertThat(plans.get(1).path("error").path("code").asString(""))
        .as("entry of the bad token")
        .isEqualTo("unauthorized");
    assertThat(plans.get(2)).as("entry of another tenant's user").isEqualTo(single(backend, other));
    JsonNode repeated = plans.get(3);
    assertThat(repeated.equals(plans.get(0)) || repeated.path("same_as").asInt(-1) == 0)
        .as("entry of the repeated token: its plan or same_as 0, was " + repeated)
        .isTrue();
  }

  private static JsonNode single(Backend backend, String user) {
    Backend.Answer plan =
        backend.live(
            "/api/live/plan", "{\"resource\":\"" + backend.fixture().resource() + "\"}", user);
    assertThat(plan.status()).as("plan status: " + plan.text()).isEqualTo(200);
    return plan.body();
  }
}
