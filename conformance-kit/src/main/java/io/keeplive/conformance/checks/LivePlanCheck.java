package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import io.keeplive.conformance.Outbox;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A plan names the topics a subscription listens on, and every write the subscription can see
 * publishes on at least one of them: otherwise the gateway never refetches it (backend-contract.md
 * §2 and §3).
 */
@ExtendWith(BackendExtension.class)
class LivePlanCheck {

  static List<String> topicsOf(JsonNode plan) {
    List<String> topics = new ArrayList<>();
    plan.path("topics").forEach(topic -> topics.add(topic.asString()));
    return topics;
  }

  @Test
  void aListPlanAnswersKindTopicsCohortAndQuery(Backend backend) {
    String tenant = Backend.newTenant();
    Backend.Answer plan =
        backend.live(
            "/api/live/plan",
            "{\"resource\":\"" + backend.fixture().resource() + "\"}",
            backend.user("kit-reader", tenant));
    assertThat(plan.status()).as("plan status: " + plan.text()).isEqualTo(200);
    JsonNode body = plan.body();
    assertThat(body.path("resource").asString("")).isEqualTo(backend.fixture().resource());
    assertThat(body.path("kind").asString("")).isEqualTo("list");
    assertThat(topicsOf(body)).as("topics").isNotEmpty().allMatch(t -> !t.isBlank());
    assertThat(body.path("cohort").isString()).as("cohort is a string").isTrue();
    assertThat(body.path("query").isObject()).as("query is an object").isTrue();
  }

  @Test
  void aWriteTheSubscriberCanSeePublishesOnATopicOfItsListAndOfItsRecordPlan(Backend backend)
      throws Exception {
    String tenant = Backend.newTenant();
    String reader = backend.user("kit-writer", tenant);
    String resource = backend.fixture().resource();
    JsonNode list =
        backend.live("/api/live/plan", "{\"resource\":\"" + resource + "\"}", reader).body();
    String id = backend.create(tenant, "kit-writer");
    JsonNode record =
        backend
            .live(
                "/api/live/plan",
                "{\"resource\":\"" + resource + "\",\"key\":\"" + id + "\"}",
                reader)
            .body();
    assertThat(record.path("kind").asString("")).isEqualTo("record");
    List<String> published;
    try (Connection connection = backend.database()) {
      published =
          Outbox.of(connection, tenant).stream()
              .filter(row -> row.recordId().equals(id))
              .flatMap(row -> row.topics().stream())
              .toList();
    }
    assertThat(published).as("topics of the create").containsAnyElementsOf(topicsOf(list));
    assertThat(published).as("topics of the create").containsAnyElementsOf(topicsOf(record));
  }

  @Test
  void anUnknownResourceIsRefusedAsAProblem(Backend backend) {
    Backend.Answer plan =
        backend.live(
            "/api/live/plan",
            "{\"resource\":\"kit_no_such_resource\"}",
            backend.user("kit-reader", Backend.newTenant()));
    assertThat(plan.status()).isBetween(400, 499);
    assertThat(plan.isProblem()).isTrue();
    assertThat(plan.problemCode()).isEqualTo("unknown_resource");
  }
}
