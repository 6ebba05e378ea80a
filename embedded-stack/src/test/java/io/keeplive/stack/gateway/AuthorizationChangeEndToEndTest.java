package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Membership is data, so removing a member is an authorization change (SPEC §2): the removed user's
 * live views of the conversation empty on the next refetch, while members keep theirs.
 */
class AuthorizationChangeEndToEndTest {

  private static String messagesOf(String id, String conversation, String mode) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"messages\",\"filter\":{\"conversation_id\":\""
        + conversation
        + "\"},\"sort\":[\"created_at\"],\"limit\":100,\"mode\":\""
        + mode
        + "\"}";
  }

  @Test
  void aRemovedMemberSeesTheConversationsMessagesDisappearAndNothingAfterwards() {
    Incident incident = Incident.start();
    Api alice = incident.alice();
    String conversation = incident.conversation();
    String first = incident.first();
    String tenant = incident.tenant();
    String gateway = SharedStack.get().gatewayUrl().toString();
    try (LiveClient bob = incident.bobWatchingBothModes()) {
      alice.call("DELETE", "/api/conversations/" + conversation + "/members/bob", null).expect(200);

      bob.awaitResult("m", r -> r.get("rows").isEmpty(), Duration.ofSeconds(2));
      bob.await(
          m ->
              LiveClient.type(m).equals("delete")
                  && m.get("id").asString().equals("s")
                  && m.get("row").get("id").asString().equals(first),
          Duration.ofSeconds(2));

      String secret =
          alice
              .call(
                  "POST",
                  "/api/conversations/" + conversation + "/messages",
                  Map.of("body", "bob is gone"))
              .expect(201)
              .id();
      try (LiveClient aliceLive =
          LiveClient.authenticated(gateway, TestTokens.token("alice", tenant, "admin"))) {
        aliceLive.send(messagesOf("m", conversation, "refetch"));
        aliceLive.awaitResult("m", r -> ids(r).contains(secret), Duration.ofSeconds(5));
      }
      assertThat(StreamView.of(bob, "s")).isEmpty();
      assertThat(bob.messages()).noneMatch(m -> m.toString().contains("bob is gone"));
    }
  }

  @Test
  void aMemberRemovedAndAddedBackSeesTheMessagesAgainOnTheSameSubscriptions() {
    Incident incident = Incident.start();
    Api alice = incident.alice();
    String path = "/api/conversations/" + incident.conversation();
    String first = incident.first();
    try (LiveClient bob = incident.bobWatchingBothModes()) {
      for (int round = 0; round < 3; round++) {
        alice.call("DELETE", path + "/members/bob", null).expect(200);
        bob.awaitResult("m", r -> r.get("rows").isEmpty(), Duration.ofSeconds(5));
        String whileAway =
            alice
                .call("POST", path + "/messages", Map.of("body", "away " + round))
                .expect(201)
                .id();
        alice.call("POST", path + "/members", Map.of("user_id", "bob")).expect(200);

        bob.awaitResult(
            "m", r -> ids(r).contains(first) && ids(r).contains(whileAway), Duration.ofSeconds(5));
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> StreamView.of(bob, "s").containsKey(whileAway));
      }
    }
  }

  /** A conversation of admin alice with agent bob as member, and one message in it. */
  private record Incident(String tenant, Api alice, String conversation, String first) {

    static Incident start() {
      String tenant = TestTokens.randomTenant();
      Api alice = SharedStack.api(TestTokens.token("alice", tenant, "admin"));
      String conversation =
          alice
              .call(
                  "POST",
                  "/api/conversations",
                  Map.of("title", "incident", "member_ids", List.of("bob")))
              .expect(201)
              .id();
      String first =
          alice
              .call(
                  "POST",
                  "/api/conversations/" + conversation + "/messages",
                  Map.of("body", "hello bob"))
              .expect(201)
              .id();
      return new Incident(tenant, alice, conversation, first);
    }

    /** Bob, live on the conversation's messages in both modes ("m" refetch, "s" stream). */
    LiveClient bobWatchingBothModes() {
      LiveClient bob =
          LiveClient.authenticated(
              SharedStack.get().gatewayUrl().toString(), TestTokens.token("bob", tenant, "agent"));
      bob.send(messagesOf("m", conversation, "refetch"));
      bob.send(messagesOf("s", conversation, "stream"));
      bob.awaitResult("m", r -> ids(r).contains(first), Duration.ofSeconds(10));
      bob.awaitResult("s", r -> ids(r).contains(first), Duration.ofSeconds(10));
      return bob;
    }
  }
}
