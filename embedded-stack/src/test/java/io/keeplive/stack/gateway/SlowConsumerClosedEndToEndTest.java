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
 * SPEC §4 close code 4408 on a real stack, with results of ~60 KB. A client that stops reading is
 * resynced and kept while its subscriptions' latest results fit {@code max-unsent-bytes}, but it
 * has {@code write-timeout} to read again; a client whose latest results do not even fit is closed
 * at once. The gateway releases such a session's subscriptions at once (the client may never read
 * its close frame) and goes on serving the other sessions. A client that never reads again cannot
 * keep the connection either: once the close grace has passed, the gateway drops it. That a
 * resynced client ends with an exact view is {@link SlowConsumerEndToEndTest}.
 */
class SlowConsumerClosedEndToEndTest {

  private static final String SUBSCRIPTIONS = "keeplive_gateway_subscriptions";
  private static final String SESSIONS = "keeplive_gateway_sessions";
  private static final String RESYNCS = "keeplive_gateway_resyncs_total";
  private static final String ABORTS = "keeplive_gateway_aborts_total";
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(4);

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

  private static ConfigurableApplicationContext gateway(
      EmbeddedStack stack, int maxUnsentBytes, String closeGrace) {
    return stack.startGateway(
        0,
        Map.of(
            "keeplive.gateway.limits.max-unsent-bytes",
            String.valueOf(maxUnsentBytes),
            "keeplive.gateway.limits.write-timeout",
            WRITE_TIMEOUT.toMillis() + "ms",
            "keeplive.gateway.limits.close-grace",
            closeGrace));
  }

  /** Subscribes one at a time, each after the previous one's first result arrived. */
  private static void subscribeAll(PausableClient client, List<String> ids) {
    for (String id : ids) {
      client.send(subscribe(id, id.startsWith("s") ? "stream" : "refetch"));
      await().until(() -> !client.messagesFor(id).isEmpty());
    }
  }

  /**
   * Changes tickets, starting at round {@code round}, until {@code done} holds or 400 rounds were
   * made in all; returns the next round. Even rounds close all of them at once, odd ones reopen and
   * retitle 30: row changes for a stream subscription, and a fresh ~60 KB result for each refetch
   * subscription.
   */
  private static int changeTicketsUntil(
      Api admin, List<String> ids, int round, java.util.function.BooleanSupplier done) {
    while (!done.getAsBoolean() && round < 400) {
      if (round % 2 == 0) {
        admin.call("POST", "/api/tickets/bulk-close", Map.of("ids", ids)).expect(200);
      } else {
        for (int i = 0; i < 30 && !done.getAsBoolean(); i++) {
          admin.updateTicket(
              ids.get((round * 30 + i) % ids.size()),
              Map.of("title", "y".repeat(180) + round, "status", "open"));
        }
      }
      round++;
    }
    return round;
  }

  @Test
  void aStalledClientIsResyncedAndKeptWhileItsResultsFitThenClosedWith4408AfterTheWriteTimeout() {
    EmbeddedStack stack = SharedStack.get();
    // 1 MiB: five ~60 KB results plus what Netty holds (at most 64 KiB and a frame) fit, a few
    // thousand row changes of the stream do not. A close grace long enough for the stalled client
    // to resume and read its close frame.
    ConfigurableApplicationContext gateway = gateway(stack, 1024 * 1024, "1m");
    URI url = stack.gatewayUrl(gateway);
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    List<String> ids = admin.createBulkyTickets(150);
    try (LiveClient healthy = LiveClient.authenticated(url.toString(), token);
        PausableClient slow = new PausableClient(url.toString())) {
      healthy.send(subscribe("h", "refetch"));
      healthy.awaitResult("h", r -> r.get("rows").size() == 150, Duration.ofSeconds(10));

      // The refetch subscriptions keep at most one result each queued; the stream one queues row
      // changes, so once the client stalls its overflow shows up as a resync.
      List<String> kept = List.of("q0", "q1", "q2", "q3", "s4");
      slow.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      subscribeAll(slow, kept);
      assertThat(Metrics.sum(url, SUBSCRIPTIONS)).isEqualTo(1 + kept.size());
      slow.pause();

      // The healthy client reads and has a single refetch subscription: it is never resynced, so
      // every resync from now on is the stalled client's.
      double resyncsBefore = Metrics.sum(url, RESYNCS);
      long stalledAt = System.nanoTime();
      changeTicketsUntil(admin, ids, 0, () -> Metrics.sum(url, RESYNCS) > resyncsBefore);
      assertThat(Metrics.sum(url, RESYNCS))
          .as("the stalled client reached the bound and was resynced")
          .isGreaterThan(resyncsBefore);
      assertThat(Metrics.sum(url, SUBSCRIPTIONS))
          .as("a slow client whose resync fits the bound is kept (for the write timeout)")
          .isEqualTo(1 + kept.size());

      await()
          .atMost(WRITE_TIMEOUT.plusSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(Metrics.sum(url, SUBSCRIPTIONS))
                      .as("not drained within the write timeout: closed, subscriptions released")
                      .isEqualTo(1));
      assertThat(Duration.ofNanos(System.nanoTime() - stalledAt))
          .as("not before the write timeout")
          .isGreaterThanOrEqualTo(WRITE_TIMEOUT);
      assertThat(Metrics.sum(url, "keeplive_gateway_session_unsent_bytes", "stat=\"high_water\""))
          .as("the gateway's own accounting never exceeded the bound")
          .isLessThanOrEqualTo(1024 * 1024);

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
    // 256 KiB: five ~60 KB results no longer fit, so once they are all pending it is 4408 at once.
    ConfigurableApplicationContext gateway =
        gateway(stack, 256 * 1024, CLOSE_GRACE.toMillis() + "ms");
    URI url = stack.gatewayUrl(gateway);
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    List<String> ids = admin.createBulkyTickets(150);
    double sessionsBefore = Metrics.sum(url, SESSIONS);
    try (PausableClient slow = new PausableClient(url.toString())) {
      // Once the client's sockets are full, the fresh results that cannot all fit the bound close
      // it with 4408.
      List<String> subscriptions = List.of("q0", "q1", "q2", "q3", "q4");
      slow.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      subscribeAll(slow, subscriptions);
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
