package io.keeplive.resource.conversations;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** SPEC §2 conversations and messages: routes, membership as data, policies, topics. */
class ConversationsApiTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api alice = Api.as("alice", tenant, "agent");
  private final Api bob = Api.as("bob", tenant, "viewer");
  private final Api carol = Api.as("carol", tenant, "agent");
  private final Api admin = Api.as("ada", tenant, "admin");
  private final Api outsider = Api.as("olga", tenant, "admin");

  private String conversation;

  @BeforeEach
  void conversation() {
    Map<String, Object> row =
        alice
            .send(
                HttpMethod.POST,
                "/api/conversations",
                "{\"title\":\"Launch\",\"member_ids\":[\"bob\",\"ada\",\"bob\"]}")
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(row)
        .containsEntry("members", List.of("alice", "bob", "ada"))
        .containsEntry("title", "Launch");
    conversation = (String) row.get("id");
  }

  private Map<String, Object> post(Api actor, String body) {
    return actor
        .send(HttpMethod.POST, "/api/conversations/" + conversation + "/messages", body)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  private List<Map<String, Object>> lastOutbox(int n) {
    List<Map<String, Object>> rows =
        RunningService.shared()
            .query(
                "SELECT resource, action, topics FROM outbox WHERE tenant_id = ? ORDER BY position DESC LIMIT "
                    + n,
                tenant);
    return rows;
  }

  @Test
  void badConversationBodiesAreProblems() {
    problem(
        alice.send(HttpMethod.POST, "/api/conversations", "{\"title\":\"x\",\"members\":[]}"),
        400,
        "members");
    problem(
        alice.send(
            HttpMethod.POST, "/api/conversations", "{\"title\":\"x\",\"member_ids\":\"bob\"}"),
        400,
        "member_ids");
    problem(
        alice.send(HttpMethod.POST, "/api/conversations", "{\"title\":\"x\",\"member_ids\":[1]}"),
        400,
        "member_ids");
    problem(
        alice.send(
            HttpMethod.POST,
            "/api/conversations",
            "{\"title\":\"x\",\"member_ids\":[\"" + "u".repeat(201) + "\"]}"),
        422,
        "member_ids");
    problem(alice.send(HttpMethod.POST, "/api/conversations", "{\"member_ids\":[]}"), 422, "title");
  }

  @Test
  void onlyMembersListAndReadAConversation() {
    assertThat(alice.ids("/api/conversations")).containsExactly(conversation);
    assertThat(bob.ids("/api/conversations")).containsExactly(conversation);
    assertThat(carol.ids("/api/conversations")).isEmpty();
    assertThat(outsider.ids("/api/conversations")).isEmpty();
    problem(outsider.send(HttpMethod.GET, "/api/conversations/" + conversation, null), 404, null);
  }

  @Test
  void membersAddMembersAndTheAddedUserIsNotified() {
    problem(
        carol.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/members",
            "{\"user_id\":\"carol\"}"),
        404,
        null);
    problem(
        bob.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/members",
            "{\"user\":\"carol\"}"),
        400,
        "user");
    assertThat(
            bob.ok(
                HttpMethod.POST,
                "/api/conversations/" + conversation + "/members",
                "{\"user_id\":\"carol\"}"))
        .containsEntry("members", List.of("alice", "bob", "ada", "carol"));
    Map<String, Object> entry = lastOutbox(1).get(0);
    assertThat(entry)
        .containsEntry("resource", "conversations")
        .containsEntry("action", "add_member");
    assertThat(entry.get("topics").toString())
        .contains(
            "user:carol:conversations",
            "user:alice:conversations",
            "conversation:" + conversation + ":messages");
    assertThat(carol.ids("/api/conversations")).containsExactly(conversation);
  }

  @Test
  void membersRemoveThemselvesAdminsRemoveAnyoneAndTheRemovedUserIsNotified() {
    String path = "/api/conversations/" + conversation + "/members/";
    problem(bob.send(HttpMethod.DELETE, path + "alice", null), 403, null);
    problem(outsider.send(HttpMethod.DELETE, path + "alice", null), 404, null);
    assertThat(bob.ok(HttpMethod.DELETE, path + "bob", null))
        .containsEntry("members", List.of("alice", "ada"));
    assertThat(lastOutbox(1).get(0).get("topics").toString())
        .contains("user:bob:conversations", "conversation:" + conversation + ":messages");
    assertThat(admin.ok(HttpMethod.DELETE, path + "alice", null))
        .containsEntry("members", List.of("ada"));
    assertThat(bob.ids("/api/conversations")).isEmpty();
  }

  @Test
  void onlyMembersPostAndReadMessagesInCreationOrder() {
    Map<String, Object> first = post(alice, "{\"body\":\"hello\"}");
    assertThat(first)
        .containsEntry("author_id", "alice")
        .containsEntry("conversation_id", conversation)
        .containsEntry("body", "hello")
        .containsEntry("version", 1);
    Map<String, Object> second = post(bob, "{\"body\":\"hi\"}");
    problem(
        carol.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/messages",
            "{\"body\":\"let me in\"}"),
        404,
        null);
    problem(
        alice.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/messages",
            "{\"body\":\"" + "b".repeat(4001) + "\"}"),
        422,
        "body");
    problem(
        alice.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/messages",
            "{\"body\":\"x\",\"author_id\":\"bob\"}"),
        400,
        "author_id");
    problem(
        alice.send(HttpMethod.POST, "/api/conversations/not-a-uuid/messages", "{\"body\":\"x\"}"),
        400,
        "id");

    String messages = "/api/conversations/" + conversation + "/messages";
    assertThat(bob.ids(messages)).containsExactly(first.get("id"), second.get("id"));
    assertThat(bob.ids(messages + "?limit=1")).containsExactly(first.get("id"));
    assertThat(bob.ids(messages + "?sort=-created_at"))
        .containsExactly(second.get("id"), first.get("id"));
    problem(carol.send(HttpMethod.GET, messages, null), 404, null);
    problem(carol.send(HttpMethod.GET, "/api/messages/" + first.get("id"), null), 404, null);
    assertThat(lastOutbox(1).get(0).get("topics"))
        .isEqualTo(
            List.of("conversation:" + conversation + ":messages", "message:" + second.get("id")));
  }

  @Test
  void onlyTheAuthorEditsAMessageAndTheAuthorOrAnAdminDeletesIt() {
    Object id = post(bob, "{\"body\":\"typo\"}").get("id");
    String path = "/api/messages/" + id;
    problem(alice.send(HttpMethod.PATCH, path, "{\"body\":\"edited by alice\"}"), 403, null);
    problem(carol.send(HttpMethod.PATCH, path, "{\"body\":\"edited by carol\"}"), 404, null);
    problem(bob.send(HttpMethod.PATCH, path, "{\"body\":\"\"}"), 422, "body");
    assertThat(bob.ok(HttpMethod.PATCH, path, "{\"body\":\"fixed\"}"))
        .containsEntry("body", "fixed")
        .containsEntry("version", 2);
    problem(alice.send(HttpMethod.DELETE, path, null), 403, null);
    admin.send(HttpMethod.DELETE, path, null).expectStatus().isNoContent();
    Object own = post(alice, "{\"body\":\"mine\"}").get("id");
    alice.send(HttpMethod.DELETE, "/api/messages/" + own, null).expectStatus().isNoContent();
    assertThat(alice.ids("/api/conversations/" + conversation + "/messages")).isEmpty();
  }

  @Test
  void aRemovedMembersLiveMessageViewEmptiesOnTheNextRefetch() {
    post(alice, "{\"body\":\"secret plan\"}");
    String subscription =
        "{\"resource\":\"messages\",\"filter\":{\"conversation_id\":\"" + conversation + "\"}";
    Map<String, Object> plan = bob.ok(HttpMethod.POST, "/api/live/plan", subscription + "}");
    assertThat(plan.get("topics")).isEqualTo(List.of("conversation:" + conversation + ":messages"));
    String query = subscription + ",\"actors\":[\"" + bob.token() + "\"]}";
    assertThat(bob.ok(HttpMethod.POST, "/api/live/query", query).get("results").toString())
        .contains("secret plan");

    bob.ok(HttpMethod.DELETE, "/api/conversations/" + conversation + "/members/bob", null);
    // the removal publishes exactly the topic bob's subscription listens on
    assertThat(lastOutbox(1).get(0).get("topics").toString())
        .contains("conversation:" + conversation + ":messages");
    assertThat(bob.ok(HttpMethod.POST, "/api/live/query", query).get("results"))
        .isEqualTo(List.of(Map.of("rows", List.of(), "has_more", false)));
  }

  @Test
  void subscriptionsListenOnTheNarrowestSufficientTopic() {
    assertThat(
            bob.ok(HttpMethod.POST, "/api/live/plan", "{\"resource\":\"conversations\"}")
                .get("topics"))
        .isEqualTo(List.of("user:bob:conversations"));
    assertThat(
            bob.ok(
                    HttpMethod.POST,
                    "/api/live/plan",
                    "{\"resource\":\"conversations\",\"key\":\"" + conversation + "\"}")
                .get("topics"))
        .isEqualTo(List.of("conversation:" + conversation + ":messages"));
    Object message = post(alice, "{\"body\":\"x\"}").get("id");
    assertThat(
            bob.ok(
                    HttpMethod.POST,
                    "/api/live/plan",
                    "{\"resource\":\"messages\",\"key\":\"" + message + "\"}")
                .get("topics"))
        .isEqualTo(List.of("message:" + message, "user:bob:conversations"));
    problem(
        bob.send(HttpMethod.POST, "/api/live/plan", "{\"resource\":\"messages\"}"), 400, "filter");
  }

  @Test
  void aMessageTheActorCannotReadPlansExactlyLikeOneThatDoesNotExist() {
    Object message = post(alice, "{\"body\":\"x\"}").get("id");
    String unreadable = "{\"resource\":\"messages\",\"key\":\"" + message + "\"}";
    UUID missingId = UUID.randomUUID();
    String missing = "{\"resource\":\"messages\",\"key\":\"" + missingId + "\"}";

    Map<String, Object> planOfUnreadable = carol.ok(HttpMethod.POST, "/api/live/plan", unreadable);
    Map<String, Object> planOfMissing = carol.ok(HttpMethod.POST, "/api/live/plan", missing);

    assertThat(planOfUnreadable.toString()).doesNotContain(conversation);
    // What carol's view of the message can change on: the message and her own membership; only
    // the key she named differs between the two plans.
    assertThat(planOfUnreadable.remove("topics"))
        .isEqualTo(List.of("message:" + message, "user:carol:conversations"));
    assertThat(planOfMissing.remove("topics"))
        .isEqualTo(List.of("message:" + missingId, "user:carol:conversations"));
    planOfUnreadable.remove("query");
    planOfMissing.remove("query");
    assertThat(planOfUnreadable.toString().replace(message.toString(), "KEY"))
        .isEqualTo(planOfMissing.toString().replace(missingId.toString(), "KEY"));
  }

  @Test
  void anotherTenantReachesNoConversationOrMessage() {
    Object message = post(alice, "{\"body\":\"x\"}").get("id");
    Api intruder = Api.as("alice", TestTokens.randomTenant(), "admin");
    assertThat(intruder.ids("/api/conversations")).isEmpty();
    problem(intruder.send(HttpMethod.GET, "/api/conversations/" + conversation, null), 404, null);
    problem(
        intruder.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/members",
            "{\"user_id\":\"alice\"}"),
        404,
        null);
    problem(
        intruder.send(
            HttpMethod.DELETE, "/api/conversations/" + conversation + "/members/alice", null),
        404,
        null);
    problem(
        intruder.send(
            HttpMethod.POST,
            "/api/conversations/" + conversation + "/messages",
            "{\"body\":\"x\"}"),
        404,
        null);
    problem(
        intruder.send(HttpMethod.GET, "/api/conversations/" + conversation + "/messages", null),
        404,
        null);
    problem(
        intruder.send(HttpMethod.PATCH, "/api/messages/" + message, "{\"body\":\"x\"}"), 404, null);
    problem(intruder.send(HttpMethod.DELETE, "/api/messages/" + message, null), 404, null);
    assertThat(
            intruder
                .ok(
                    HttpMethod.POST,
                    "/api/live/plan",
                    "{\"resource\":\"messages\",\"key\":\"" + message + "\"}")
                .get("topics"))
        .isEqualTo(List.of("message:" + message, "user:alice:conversations"));
  }
}
