package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.assertSeqWithoutGaps;
import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several gateway instances on one topic (SPEC §4 guarantees 3 and 6): every instance delivers
 * every change to its own sessions; an instance shutting down closes its sessions with 1001; a
 * client that reconnects to any instance (including one started later) and re-subscribes gets the
 * current state, changes made while it was away included.
 */
class HorizontalScaleEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(2);

  @Test
  void twoInstancesDeliverTheSameChangeToTheirOwnSessions() {
    EmbeddedStack stack = SharedStack.get();
    ConfigurableApplicationContext second = stack.startGateway(0);
    try {
      String tenant = TestTokens.randomTenant();
      String token = TestTokens.token("ada", tenant, "admin");
      try (LiveClient one = LiveClient.authenticated(stack.gatewayUrl().toString(), token);
          LiveClient two = LiveClient.authenticated(stack.gatewayUrl(second).toString(), token)) {
        one.send(listTickets("q"));
        two.send(listTickets("q"));
        one.awaitResult("q", r -> true, Duration.ofSeconds(10));
        two.awaitResult("q", r -> true, Duration.ofSeconds(10));

        String id = SharedStack.api(token).createTicket("seen everywhere").id();

        one.awaitResult("q", r -> ids(r).contains(id), BOUND);
        two.awaitResult("q", r -> ids(r).contains(id), BOUND);
      }
    } finally {
      stack.stopGateway(second);
    }
  }

  @Test
  void aClientOfAStoppedInstanceIsClosedWith1001AndCatchesUpOnAnotherOrARestartedInstance() {
    EmbeddedStack stack = SharedStack.get();
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    String before = admin.createTicket("before the restart").id();

    ConfigurableApplicationContext doomed = stack.startGateway(0);
    LiveClient client = LiveClient.authenticated(stack.gatewayUrl(doomed).toString(), token);
    client.send(listTickets("q"));
    client.awaitResult("q", r -> ids(r).contains(before), Duration.ofSeconds(10));

    stack.stopGateway(doomed);
    assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
    client.close();

    String whileAway = admin.createTicket("while the client was away").id();
    admin.updateTicket(before, java.util.Map.of("status", "closed"));

    // Reconnect to the instance that kept running: auth + subscribe is all it takes.
    try (LiveClient elsewhere = LiveClient.authenticated(stack.gatewayUrl().toString(), token)) {
      elsewhere.send(listTickets("q"));
      elsewhere.awaitResult(
          "q",
          r -> ids(r).contains(whileAway) && r.toString().contains("\"status\":\"closed\""),
          Duration.ofSeconds(5));
    }

    // Or to a freshly started instance (a gateway restart): same state, and it keeps converging.
    ConfigurableApplicationContext restarted = stack.startGateway(0);
    try (LiveClient again =
        LiveClient.authenticated(stack.gatewayUrl(restarted).toString(), token)) {
      again.send(listTickets("q"));
      again.awaitResult("q", r -> ids(r).contains(whileAway), Duration.ofSeconds(5));
      String after = admin.createTicket("after the restart").id();
      again.awaitResult("q", r -> ids(r).contains(after), BOUND);
      assertSeqWithoutGaps(again, "q");
    } finally {
      stack.stopGateway(restarted);
    }
  }
}
