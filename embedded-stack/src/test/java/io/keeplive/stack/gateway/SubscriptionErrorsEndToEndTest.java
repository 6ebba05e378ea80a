package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Subscriptions resource-service refuses to plan get an {@code error} with their id and the SPEC
 * code; the session and its other subscriptions go on.
 */
class SubscriptionErrorsEndToEndTest {

  private static JsonNode errorFor(LiveClient client, String id) {
    return client.await(
        m -> LiveClient.type(m).equals("error") && m.path("id").asString("").equals(id),
        Duration.ofSeconds(10));
  }

  @Test
  void unknownResourcesAndAttributesAreRefusedWithTheirCodeAndTheSessionGoesOn() {
    String token = TestTokens.token("ada", TestTokens.randomTenant(), "admin");
    try (LiveClient client =
        LiveClient.authenticated(SharedStack.get().gatewayUrl().toString(), token)) {
      client.send("{\"type\":\"subscribe\",\"id\":\"a\",\"resource\":\"invoices\"}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"b\",\"resource\":\"tickets\",\"filter\":{\"colour\":\"red\"}}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"c\",\"resource\":\"tickets\",\"sort\":[\"-title\"]}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"d\",\"resource\":\"tickets\",\"key\":\"not-a-uuid\"}");
      client.send(listTickets("ok"));

      JsonNode unknown = errorFor(client, "a");
      assertThat(unknown.get("code").asString()).isEqualTo("unknown_resource");
      assertThat(unknown.get("seq").asLong()).isEqualTo(1);
      assertThat(errorFor(client, "b").get("code").asString()).isEqualTo("bad_request");
      assertThat(errorFor(client, "b").get("message").asString()).contains("colour");
      assertThat(errorFor(client, "c").get("code").asString()).isEqualTo("bad_request");
      assertThat(errorFor(client, "d").get("code").asString()).isEqualTo("bad_request");
      client.awaitResult("ok", r -> true, Duration.ofSeconds(10));

      // A refused id is free again.
      client.send(listTickets("a"));
      client.awaitResult("a", r -> true, Duration.ofSeconds(10));
    }
  }
}
