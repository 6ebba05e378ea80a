package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record subscription to a message its user cannot read yet plans like one to a missing message
 * (the plan reveals nothing), and must still follow the message once access is granted: the message
 * appears when its user joins the conversation, later edits reach the view, and it empties again
 * when the user leaves.
 */
class MessageRecordAccessEndToEndTest {

  private static String messageRecord(String id, String message) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"messages\",\"key\":\""
        + message
        + "\"}";
  }

  @Test
  void aMessageSubscribedBeforeItsUserMayReadItFollowsEditsOnceAccessIsGrantedAndEmptiesOnLeave() {
    String tenant = TestTokens.randomTenant();
    Api alice = SharedStack.api(TestTokens.token("alice", tenant, "admin"));
    String conversation =
        alice
            .call("POST", "/api/conversations", Map.of("title", "later", "member_ids", List.of()))
            .expect(201)
            .id();
    String message =
        alice
            .call(
                "POST",
                "/api/conversations/" + conversation + "/messages",
                Map.of("body", "before bob"))
            .expect(201)
            .id();
    String gateway = SharedStack.get().gatewayUrl().toString();
    try (LiveClient bob =
        LiveClient.authenticated(gateway, TestTokens.token("bob", tenant, "agent"))) {
      bob.send(messageRecord("r", message));
      bob.awaitResult("r", r -> r.get("rows").isEmpty(), Duration.ofSeconds(10));

      alice
          .call("POST", "/api/conversations/" + conversation + "/members", Map.of("user_id", "bob"))
          .expect(200);
      bob.awaitResult("r", r -> ids(r).contains(message), Duration.ofSeconds(5));

      alice.call("PATCH", "/api/messages/" + message, Map.of("body", "edited for bob")).expect(200);
      bob.awaitResult(
          "r",
          r ->
              r.get("rows").size() == 1
                  && r.get("rows").get(0).get("body").asString().equals("edited for bob"),
          Duration.ofSeconds(5));

      alice.call("DELETE", "/api/conversations/" + conversation + "/members/bob", null).expect(200);
      bob.awaitResult("r", r -> r.get("rows").isEmpty(), Duration.ofSeconds(5));
    }
  }
}
