package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Stream mode (SPEC §4): an initial {@code result}, then {@code insert}/{@code update}/{@code
 * delete} decided by a policy-checked refetch; a row that leaves the view (deleted, filtered out,
 * no longer visible) is a {@code delete} carrying only its id.
 */
class StreamModeEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(2);

  private static String gateway() {
    return SharedStack.get().gatewayUrl().toString();
  }

  private static String streamOf(String id, String filter) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tickets\","
        + (filter == null ? "" : "\"filter\":" + filter + ",")
        + "\"sort\":[\"-updated_at\"],\"limit\":100,\"mode\":\"stream\"}";
  }

  private static boolean has(LiveClient client, String sub, String type, String rowId) {
    return client.messagesFor(sub).stream()
        .anyMatch(
            m ->
                LiveClient.type(m).equals(type) && m.get("row").get("id").asString().equals(rowId));
  }

  @Test
  void aStreamStartsWithAResultThenSendsInsertUpdateAndDeletePerRow() {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    String existing = admin.createTicket("already there").id();
    try (LiveClient client = LiveClient.authenticated(gateway(), token)) {
      client.send(streamOf("s", null));
      JsonNode initial = client.awaitResult("s", r -> true, Duration.ofSeconds(10));
      assertThat(initial.get("seq").asLong()).isEqualTo(1);
      assertThat(initial.get("rows")).hasSize(1);

      String id = admin.createTicket("new one").id();
      client.await(m -> has(client, "s", "insert", id), BOUND);
      admin.updateTicket(id, Map.of("title", "renamed"));
      client.await(m -> has(client, "s", "update", id), BOUND);
      admin.deleteTicket(existing);
      client.await(m -> has(client, "s", "delete", existing), BOUND);

      JsonNode delete =
          client.messagesFor("s").stream()
              .filter(m -> LiveClient.type(m).equals("delete"))
              .findFirst()
              .orElseThrow();
      assertThat(delete.get("row").size()).as("a delete carries only the id").isEqualTo(1);
      assertThat(StreamView.of(client, "s").keySet()).containsExactly(id);
      assertThat(StreamView.of(client, "s").get(id).get("title").asString()).isEqualTo("renamed");
    }
  }

  @Test
  void aRowThatNoLongerMatchesTheFilterIsDeleted() {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    String id = admin.createTicket(Map.of("title", "open one", "status", "open")).id();
    try (LiveClient client = LiveClient.authenticated(gateway(), token)) {
      client.send(streamOf("open", "{\"status\":\"open\"}"));
      client.awaitResult("open", r -> r.get("rows").size() == 1, Duration.ofSeconds(10));
      admin.updateTicket(id, Map.of("status", "closed"));
      client.await(m -> has(client, "open", "delete", id), BOUND);
      assertThat(StreamView.of(client, "open")).isEmpty();
    }
  }

  @Test
  void aTicketReassignedAwayDisappearsFromTheAgentsStreamAndRecordViews() {
    String tenant = TestTokens.randomTenant();
    Api admin = SharedStack.api(TestTokens.token("ada", tenant, "admin"));
    String agentToken = TestTokens.token("alex", tenant, "agent");
    String id = admin.createTicket("for alex").id();
    admin.assign(id, "alex");
    try (LiveClient client = LiveClient.authenticated(gateway(), agentToken)) {
      client.send(streamOf("mine", null));
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"one\",\"resource\":\"tickets\",\"key\":\""
              + id
              + "\",\"mode\":\"stream\"}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"rec\",\"resource\":\"tickets\",\"key\":\""
              + id
              + "\"}");
      client.awaitResult("mine", r -> r.get("rows").size() == 1, Duration.ofSeconds(10));
      client.awaitResult("one", r -> r.get("rows").size() == 1, Duration.ofSeconds(10));
      client.awaitResult("rec", r -> r.get("rows").size() == 1, Duration.ofSeconds(10));

      admin.assign(id, "someone-else");

      client.await(m -> has(client, "mine", "delete", id), BOUND);
      client.await(m -> has(client, "one", "delete", id), BOUND);
      client.awaitResult("rec", r -> r.get("rows").isEmpty(), BOUND);
      assertThat(StreamView.of(client, "mine")).isEmpty();
      assertThat(StreamView.of(client, "one")).isEmpty();
    }
  }

  @Test
  void onceWritesStopTheStreamViewEqualsAFreshAuthorizedQuery() {
    String tenant = TestTokens.randomTenant();
    Api admin = SharedStack.api(TestTokens.token("ada", tenant, "admin"));
    String agentToken = TestTokens.token("alex", tenant, "agent");
    Api agent = SharedStack.api(agentToken);
    try (LiveClient client = LiveClient.authenticated(gateway(), agentToken)) {
      client.send(streamOf("s", null));
      client.awaitResult("s", r -> true, Duration.ofSeconds(10));
      for (int i = 0; i < 15; i++) {
        String id = admin.createTicket("t" + i).id();
        switch (i % 5) {
          case 0 -> admin.assign(id, "alex");
          case 1 -> admin.assign(id, "bob");
          case 2 -> admin.updateTicket(id, Map.of("status", "in_progress"));
          case 3 -> admin.deleteTicket(id);
          default -> agent.createTicket("alex's " + i);
        }
      }
      Map<String, JsonNode> expected =
          StreamView.byId(agent.listTickets("sort=-updated_at&limit=100").body());
      await()
          .atMost(BOUND)
          .untilAsserted(() -> assertThat(StreamView.of(client, "s")).isEqualTo(expected));
      assertThat(StreamView.types(client, "s")).contains("insert");
      // Creates and deletes in quick succession may coalesce; one more delete, on its own:
      String leaving = expected.keySet().iterator().next();
      admin.deleteTicket(leaving);
      client.await(m -> has(client, "s", "delete", leaving), BOUND);
      assertThat(StreamView.of(client, "s")).doesNotContainKey(leaving);
      assertThat(List.copyOf(client.unparsable())).isEmpty();
    }
  }
}
