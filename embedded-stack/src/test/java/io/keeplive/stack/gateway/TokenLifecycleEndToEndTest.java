package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** In-band token refresh, expiry, and identity changes on a live session (SPEC §4). */
class TokenLifecycleEndToEndTest {

  private static String gateway() {
    return SharedStack.get().gatewayUrl().toString();
  }

  private static String auth(String token) {
    return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  @Test
  void aSessionThatRefreshesItsTokenKeepsReceivingPastTheOldExpiry() {
    String tenant = TestTokens.randomTenant();
    Instant expiry = Instant.now().plusSeconds(3);
    Api admin = SharedStack.api(TestTokens.token("ada", tenant, "admin"));
    try (LiveClient client =
        LiveClient.authenticated(
            gateway(), TestTokens.expiringAt(expiry, "ada", tenant, "admin"))) {
      client.send(listTickets("q"));
      client.awaitResult("q", r -> true, Duration.ofSeconds(10));
      client.send(auth(TestTokens.token("ada", tenant, "admin")));
      await()
          .until(
              () ->
                  client.messages().stream()
                          .filter(m -> LiveClient.type(m).equals("auth_ok"))
                          .count()
                      == 2);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
      String id = admin.createTicket("after the first token expired").id();

      client.awaitResult("q", r -> ids(r).contains(id), Duration.ofSeconds(2));
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void aSessionWhoseTokenExpiresGetsTokenExpiredAndClose4401() {
    String tenant = TestTokens.randomTenant();
    try (LiveClient client =
        LiveClient.authenticated(
            gateway(),
            TestTokens.expiringAt(Instant.now().plusSeconds(2), "ada", tenant, "admin"))) {
      client.send(listTickets("q"));
      client.await(
          m ->
              LiveClient.type(m).equals("error")
                  && m.get("code").asString().equals("token_expired"));
      assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(4401);
    }
  }

  @Test
  void aRefreshWithNewRolesReplansTheSubscriptionsUnderTheNewPolicy() {
    String tenant = TestTokens.randomTenant();
    Api admin = SharedStack.api(TestTokens.token("boss", tenant, "admin"));
    String hidden = admin.createTicket("assigned to someone else").id();
    admin.assign(hidden, "zed");
    try (LiveClient client =
        LiveClient.authenticated(gateway(), TestTokens.token("ada", tenant, "agent"))) {
      client.send(listTickets("q"));
      client.awaitResult("q", r -> !ids(r).contains(hidden), Duration.ofSeconds(10));
      client.send(auth(TestTokens.token("ada", tenant, "admin")));
      client.awaitResult("q", r -> ids(r).contains(hidden), Duration.ofSeconds(5));
    }
  }

  @Test
  void reAuthenticatingAsAnotherUserClosesWith4403() {
    String tenant = TestTokens.randomTenant();
    try (LiveClient client =
        LiveClient.authenticated(gateway(), TestTokens.token("ada", tenant, "agent"))) {
      client.send(auth(TestTokens.token("eve", tenant, "admin")));
      assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(4403);
    }
  }
}
