package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.Metrics;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §4 close code 4408 on a real stack: a client that stops reading is closed only when even one
 * fresh {@code result} per subscription no longer fits its send queue. With a bound of 4, a stalled
 * client with 4 subscriptions whose queue overflows is resynced and kept; with a fifth
 * subscription, once its sockets are full, five pending results cannot be brought under the bound
 * and the gateway closes with 4408. It releases that session's subscriptions at once (the client
 * may never read its close frame) and goes on serving the other sessions. A client that never reads
 * again cannot keep the connection either: once the close grace has passed, the gateway drops it.
 * That a resynced client ends with an exact view is {@link SlowConsumerEndToEndTest}.
 */
class SlowConsumerClosedEndToEndTest {

  private static final int BOUND = 4;
  private static final String SUBSCRIPTIONS = "keeplive_gateway_subscriptions";
  private static final String SESSIONS = "keeplive_gateway_sessions";
  private static final String RESYNCS = "keeplive_gateway_resyncs_total";
  private static final String ABORTS = "keeplive_gateway_aborts_total";

  /**
   * Short, so the test need not wait long, but far longer than it takes to see the close (the
   * subscriptions released) and check that the connection is still there.
   */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

  private static String subscribe(String id, String mode) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":500,\"mode\":\""
        + mode
        + "\"}";
  }

  private static ConfigurableApplicationContext gatewayWithCloseGrace(
      EmbeddedStack stack, String closeGrace) {
    return stack.startGateway(
        0,
        Map.of(
            "keeplive.gateway.limits.send-queue-bound",
            String.valueOf(BOUND),
            "keeplive.gateway.limits.close-grace",
            closeGrace));
  }

  /**
   * Changes tickets, starting at write {@code round}, until {@code done} holds or 300 writes were
   * made in all; returns the next round.
   */
  private static int changeTicketsUntil(
      Api admin, List<String> ids, int round, java.util.function.BooleanSupplier done) {
    while (!done.getAsBoolean() && round < 300) {
      admin.updateTicket(ids.get(round % ids.size()), Map.of("title", "y".repeat(180) + round));
      round++;
    }
    return round;
  }

  @Test
  void aStalledClientIsKeptWhileOneResultPerSubscriptionFitsAndClosedWith4408WhenItDoesNot() {
    EmbeddedStack stack = SharedStack.get();
    // A close grace long enough for the stalled client to resume and read its close frame below;
    // dropping a client that never reads again is the next test.
    ConfigurableApplicationContext gateway = gatewayWithCloseGrace(stack, "1m");
    URI url = stack.gatewayUrl(gateway);
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    // ~60 KB per result, so that a few dozen changes fill the sockets between gateway and client.
    List<String> ids = admin.createBulkyTickets(150);
    try (LiveClient healthy = LiveClient.authenticated(url.toString(), token);
        PausableClient slow = new PausableClient(url.toString())) {
      healthy.send(subscribe("h", "refetch"));
      healthy.awaitResult("h", r -> r.get("rows").size() == 150, Duration.ofSeconds(10));

      // BOUND subscriptions: the refetch ones keep at most one result each queued; the stream one
      // queues row changes, so once the client stalls its overflow shows up as a resync.
      List<String> kept = List.of("q0", "q1", "q2", "s3");
      slow.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      for (String id : kept) {
        slow.send(subscribe(id, id.startsWith("s") ? "stream" : "refetch"));
      }
      await().until(() -> kept.stream().noneMatch(id -> slow.messagesFor(id).isEmpty()));
      assertThat(Metrics.sum(url, SUBSCRIPTIONS)).isEqualTo(1 + BOUND);
      slow.pause();

      // The healthy client reads and has a single refetch subscription: it is never resynced, so
      // every resync from now on is the stalled client's.
      double resyncsBefore = Metrics.sum(url, RESYNCS);
      int round =
          changeTicketsUntil(admin, ids, 0, () -> Metrics.sum(url, RESYNCS) > resyncsBefore);
      assertThat(Metrics.sum(url, RESYNCS))
          .as("the stalled client overflowed its queue and was resynced")
          .isGreaterThan(resyncsBefore);
      assertThat(Metrics.sum(url, SUBSCRIPTIONS))
          .as("a slow client whose resync fits the bound is not closed")
          .isEqualTo(1 + BOUND);

      // A fifth subscription: once the client's sockets are full, each of its five subscriptions
      // has one fresh result queued, which no resync can bring under the bound: 4408.
      slow.send(subscribe("q4", "refetch"));
      changeTicketsUntil(admin, ids, round, () -> Metrics.sum(url, SUBSCRIPTIONS) <= 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(Metrics.sum(url, SUBSCRIPTIONS))
                      .as("the slow consumer's subscriptions are released while it is stalled")
                      .isEqualTo(1));

      // The other session on this gateway keeps receiving.
      String last = "after the close";
      admin.updateTicket(ids.get(0), Map.of("title", last));
      healthy.awaitResult(
          "h",
          r -> r.get("rows").get(0).get("title").asString().equals(last),
          Duration.ofSeconds(10));
      assertThat(healthy.isClosed()).isFalse();

      // The stalled client sees the close once it reads up to it, after a gapless backlog (what was
      // still queued, the resync included, is dropped with the connection).
      slow.resume();
      assertThat(slow.awaitClose(Duration.ofSeconds(20))).isEqualTo(4408);
      for (String id : kept) {
        List<JsonNode> messages = slow.messagesFor(id);
        for (int i = 0; i < messages.size(); i++) {
          assertThat(messages.get(i).get("seq").asLong())
              .as(id + " seq without gap")
              .isEqualTo(i + 1);
        }
      }
      await().untilAsserted(() -> assertThat(Metrics.sum(url, SESSIONS)).isEqualTo(1));
    } finally {
      stack.stopGateway(gateway);
    }
  }

  @Test
  void aStalledClientThatNeverReadsItsCloseHasItsConnectionDroppedOnceTheCloseGraceHasPassed() {
    EmbeddedStack stack = SharedStack.get();
    ConfigurableApplicationContext gateway =
        gatewayWithCloseGrace(stack, CLOSE_GRACE.toMillis() + "ms");
    URI url = stack.gatewayUrl(gateway);
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    List<String> ids = admin.createBulkyTickets(150);
    double sessionsBefore = Metrics.sum(url, SESSIONS);
    try (PausableClient slow = new PausableClient(url.toString())) {
      // One subscription more than the bound: once the client's sockets are full, the fresh
      // results no resync can bring under the bound close it with 4408.
      List<String> subscriptions = List.of("q0", "q1", "q2", "q3", "q4");
      slow.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      for (String id : subscriptions) {
        slow.send(subscribe(id, "refetch"));
      }
      await().until(() -> subscriptions.stream().noneMatch(id -> slow.messagesFor(id).isEmpty()));
      assertThat(Metrics.sum(url, SESSIONS)).isEqualTo(sessionsBefore + 1);
      slow.pause();

      changeTicketsUntil(admin, ids, 0, () -> Metrics.sum(url, SUBSCRIPTIONS) == 0);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(Metrics.sum(url, SUBSCRIPTIONS))
                      .as("closed with 4408: the subscriptions are released")
                      .isZero());
      // The close frame sits behind bytes the client does not read, so only the gateway can end
      // the connection; it waits for the grace first, as a reading client would answer by then.
      assertThat(Metrics.sum(url, SESSIONS))
          .as("the connection is kept during the close grace")
          .isEqualTo(sessionsBefore + 1);

      await()
          .atMost(CLOSE_GRACE.plusSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(Metrics.sum(url, SESSIONS))
                      .as("the connection of a client that never reads again is dropped")
                      .isEqualTo(sessionsBefore));
      assertThat(Metrics.sum(url, ABORTS)).isEqualTo(1);
    } finally {
      stack.stopGateway(gateway);
    }
  }
}
