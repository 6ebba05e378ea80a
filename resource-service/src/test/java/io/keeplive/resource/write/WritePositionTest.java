package io.keeplive.resource.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * SPEC §4.1 on the write side: every successful write answers {@code Keeplive-Position}, the
 * highest outbox position its transaction drew; a later write of the tenant answers a larger one;
 * an idempotent replay answers the first create's; a write that changes nothing still answers a
 * fresh position of its own (drawn by an outbox row without topics).
 */
class WritePositionTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");

  private static long position(WebTestClient.ResponseSpec response) {
    String header =
        response
            .expectStatus()
            .is2xxSuccessful()
            .returnResult(String.class)
            .getResponseHeaders()
            .getFirst("Keeplive-Position");
    assertThat(header).as("Keeplive-Position").isNotNull().containsOnlyDigits();
    return Long.parseLong(header);
  }

  private long highestOutboxPosition() {
    return (Long)
        RunningService.shared()
            .query("SELECT max(position) AS p FROM outbox WHERE tenant_id = ?", tenant)
            .get(0)
            .get("p");
  }

  private String create(String title) {
    return (String) admin.createTicket("{\"title\":\"" + title + "\"}").get("id");
  }

  @Test
  void everyKindOfWriteAnswersTheHighestPositionItsTransactionDrewAndLaterWritesAnswerLargerOnes() {
    String a = create("a");
    String b = create("b");
    List<Long> answered = new ArrayList<>();

    answered.add(position(admin.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"c\"}")));
    assertThat(answered.get(0)).isEqualTo(highestOutboxPosition());
    answered.add(
        position(
            admin.send(HttpMethod.PATCH, "/api/tickets/" + a, "{\"status\":\"in_progress\"}")));
    assertThat(answered.get(1)).isEqualTo(highestOutboxPosition());
    answered.add(
        position(
            admin.send(
                HttpMethod.POST, "/api/tickets/" + a + "/assign", "{\"assignee_id\":\"bob\"}")));
    assertThat(answered.get(2)).isEqualTo(highestOutboxPosition());
    answered.add(
        position(
            admin.send(
                HttpMethod.POST,
                "/api/tickets/bulk-close",
                "{\"ids\":[\"" + a + "\",\"" + b + "\"]}")));
    assertThat(answered.get(3)).as("the last of its two rows").isEqualTo(highestOutboxPosition());
    answered.add(position(admin.send(HttpMethod.DELETE, "/api/tickets/" + b, null)));
    assertThat(answered.get(4)).isEqualTo(highestOutboxPosition());

    assertThat(answered).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void anIdempotentReplayAnswersTheFirstCreatesPosition() {
    long first = createOnce();
    create("in between");

    long replayed = createOnce();

    assertThat(replayed).isEqualTo(first);
  }

  /** Creates a ticket with the idempotency key "once"; returns the position answered. */
  private long createOnce() {
    return position(
        admin
            .request(HttpMethod.POST, "/api/tickets")
            .header("Idempotency-Key", "once")
            .bodyValue("{\"title\":\"x\"}")
            .exchange());
  }

  @Test
  void aWriteThatChangesNothingAnswersAFreshPositionThatNoTopicIsNotifiedOf() {
    String a = create("same");
    long created = highestOutboxPosition();

    long unchanged =
        position(admin.send(HttpMethod.PATCH, "/api/tickets/" + a, "{\"title\":\"same\"}"));

    assertThat(unchanged).isGreaterThan(created).isEqualTo(highestOutboxPosition());
    Map<String, Object> marker =
        RunningService.shared()
            .query(
                "SELECT cardinality(topics) AS topics, record_id FROM outbox WHERE position = ?",
                unchanged)
            .get(0);
    assertThat(marker).containsEntry("topics", 0).containsEntry("record_id", a);
  }
}
