package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.Metrics;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §4 limits under attack, on the real stack (PostgreSQL, Kafka, resource-service, relay, a
 * gateway of its own): sessions that never read, that read one byte a second, that churn
 * subscriptions, flood just under the rate limit, or send huge {@code in} lists, deep nesting and
 * oversized frames, mixed with valid frames. Nothing of this may grow the heap beyond a stated
 * bound, slow the well-behaved sessions down beyond a generous factor of their own quiet latency,
 * or bring anyone a row of another tenant. The figures are printed (look for {@code HOSTILE}).
 */
class HostileClientsEndToEndTest {

  /**
   * Heap growth (after GC) allowed while the attack runs: about 20 hostile sessions of at most 4
   * MiB of unsent output each, their views, and what the hostile clients of this JVM keep.
   */
  private static final long HEAP_GROWTH_BOUND = 128L * 1024 * 1024;

  /** Median latency under attack versus the quiet median of the same run. */
  private static final double LATENCY_RATIO_BOUND = 10;

  private static final Duration ATTACK = Duration.ofSeconds(12);
  private static final String SUBSCRIPTIONS = "keeplive_gateway_subscriptions";
  private static final String HOSTILE_TITLE = "evil-";

  private static String listSubscribe(String id, String mode) {
    return listSubscribe(id, mode, 500);
  }

  /**
   * A list subscription of up to {@code limit} rows. The hostile clients that read keep what they
   * receive in this JVM, whose heap is measured: theirs ask for few rows.
   */
  private static String listSubscribe(String id, String mode, int limit) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":"
        + limit
        + ",\"mode\":\""
        + mode
        + "\"}";
  }

  private static String auth(String token) {
    return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  private static void print(String figure) {
    System.out.println("HOSTILE " + figure);
  }

  @Test
  void aSessionThatStopsReadingUnder100ChangingLargeSubscriptionsNeverHoldsMoreThanTheByteBound() {
    EmbeddedStack stack = SharedStack.get();
    int bound = 4 * 1024 * 1024;
    ConfigurableApplicationContext gateway =
        stack.startGateway(
            0,
            Map.of(
                "keeplive.gateway.limits.max-unsent-bytes", String.valueOf(bound),
                "keeplive.gateway.limits.write-timeout", "3s",
                "keeplive.gateway.limits.close-grace", "30s",
                // This test is about the byte bound: on a fast machine its 100 subscribes come
                // quicker than the default 50 frames/s, and a 4429 would end it before it starts.
                "keeplive.gateway.limits.messages-per-second", "1000"));
    URI url = stack.gatewayUrl(gateway);
    String token = TestTokens.token("ada", TestTokens.randomTenant(), "admin");
    Api admin = SharedStack.api(token);
    List<String> ids = admin.createBulkyTickets(150);
    try (PausableClient slow = new PausableClient(url.toString())) {
      slow.send(auth(token));
      // In tens, each ten read before the next: the first results of a healthy client never
      // overflow (100 results of ~60 KB are more than the bound).
      for (int ten = 0; ten < 10; ten++) {
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          String id = (i % 2 == 0 ? "r" : "s") + (ten * 10 + i);
          batch.add(id);
          slow.send(listSubscribe(id, id.startsWith("r") ? "refetch" : "stream"));
        }
        // Generous: on a loaded machine the plans of a ten and their first results take a while.
        await()
            .atMost(Duration.ofSeconds(30))
            .failFast("the gateway closed the session " + slow.messages().size(), slow::isClosed)
            .until(() -> batch.stream().noneMatch(id -> slow.messagesFor(id).isEmpty()));
      }
      assertThat(Metrics.sum(url, SUBSCRIPTIONS)).isEqualTo(100);
      slow.pause();

      double resyncsBefore = Metrics.sum(url, "keeplive_gateway_resyncs_total");
      int writes = 0;
      while (Metrics.sum(url, SUBSCRIPTIONS) > 0 && writes < 300) {
        admin.updateTicket(ids.get(writes % ids.size()), Map.of("title", "z".repeat(180) + writes));
        writes++;
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> Metrics.sum(url, SUBSCRIPTIONS) == 0);
      double highWater =
          Metrics.sum(url, "keeplive_gateway_session_unsent_bytes", "stat=\"high_water\"");
      double resyncs = Metrics.sum(url, "keeplive_gateway_resyncs_total") - resyncsBefore;
      print(
          "non-reading session: max unsent bytes held "
              + (long) highWater
              + " of a bound of "
              + bound
              + " ("
              + writes
              + " writes, "
              + (long) resyncs
              + " resyncs before the close)");
      assertThat(highWater).as("the gateway's own accounting").isLessThanOrEqualTo(bound);
      assertThat(highWater).as("the bound was actually reached").isGreaterThan(bound / 2.0);

      // Once it reads again: a gapless backlog, then the close.
      slow.resume();
      assertThat(slow.awaitClose(Duration.ofSeconds(30))).isEqualTo(4408);
      for (int i = 0; i < 100; i++) {
        List<JsonNode> messages = slow.messagesFor((i % 2 == 0 ? "r" : "s") + i);
        for (int j = 0; j < messages.size(); j++) {
          assertThat(messages.get(j).get("seq").asLong()).isEqualTo(j + 1);
        }
      }
    } finally {
      stack.stopGateway(gateway);
    }
  }

  @Test
  void subscriptionsListeningOnMoreTopicsThanASessionMayAreRefusedAsTooMany() {
    EmbeddedStack stack = SharedStack.get();
    ConfigurableApplicationContext gateway =
        stack.startGateway(0, Map.of("keeplive.gateway.limits.max-topics", "50"));
    String token = TestTokens.token("ada", TestTokens.randomTenant(), "admin");
    try (LiveClient client =
        LiveClient.authenticated(stack.gatewayUrl(gateway).toString(), token)) {
      List<String> assignees = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        assignees.add("\"user-" + i + "\"");
      }
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"wide\",\"resource\":\"tickets\","
              + "\"filter\":{\"assignee_id\":{\"in\":["
              + String.join(",", assignees)
              + "]}}}");
      JsonNode refused =
          client.await(
              m -> LiveClient.type(m).equals("error") && m.path("id").asString("").equals("wide"),
              Duration.ofSeconds(10));
      assertThat(refused.get("code").asString()).isEqualTo("too_many_subscriptions");

      client.send(listSubscribe("narrow", "refetch"));
      client.awaitResult("narrow", r -> true, Duration.ofSeconds(10));
    } finally {
      stack.stopGateway(gateway);
    }
  }

  @Test
  void hostileClientsNeitherGrowTheHeapNorSlowOthersDownNorSeeAnotherTenant() throws Exception {
    EmbeddedStack stack = SharedStack.get();
    ConfigurableApplicationContext gateway =
        stack.startGateway(
            0,
            Map.of(
                "keeplive.gateway.limits.ping-interval", "2s",
                "keeplive.gateway.limits.write-timeout", "3s",
                "keeplive.gateway.limits.close-grace", "2s"));
    String url = stack.gatewayUrl(gateway).toString();
    String goodTenant = TestTokens.randomTenant();
    String goodToken = TestTokens.token("good", goodTenant, "admin");
    String hostileTenant = TestTokens.randomTenant();
    String hostileToken = TestTokens.token("evil", hostileTenant, "admin");
    Api good = SharedStack.api(goodToken);
    Api hostile = SharedStack.api(hostileToken);
    List<String> hostileIds = hostile.createBulkyTickets(120);
    String goodMarker = "good-" + goodTenant;

    List<LiveClient> goodClients = new ArrayList<>();
    List<LiveClient> readingHostiles = new CopyOnWriteArrayList<>();
    List<AutoCloseable> others = new CopyOnWriteArrayList<>();
    ExecutorService attackers = Executors.newFixedThreadPool(8);
    AtomicBoolean attacking = new AtomicBoolean(true);
    try {
      for (int i = 0; i < 3; i++) {
        LiveClient client = LiveClient.authenticated(url, goodToken);
        client.send(
            "{\"type\":\"subscribe\",\"id\":\"g\",\"resource\":\"tickets\","
                + "\"sort\":[\"-updated_at\"],\"limit\":20}");
        client.awaitResult("g", r -> true, Duration.ofSeconds(10));
        goodClients.add(client);
      }
      List<Long> quiet = latencies(good, goodClients, goodMarker + "-quiet", 8);
      long heapBefore = heapAfterGc();

      // The attack: every kind at once, for ATTACK, while hostile data keeps changing.
      long until = System.nanoTime() + ATTACK.toNanos();
      BooleanSupplier running = () -> attacking.get() && System.nanoTime() - until < 0;
      attackers.submit(() -> keepChanging(hostile, hostileIds, running));
      for (int i = 0; i < 4; i++) {
        PausableClient silent = new PausableClient(url);
        others.add(silent);
        silent.send(auth(hostileToken));
        for (int s = 0; s < 20; s++) {
          silent.send(listSubscribe("n" + s, s % 2 == 0 ? "refetch" : "stream"));
        }
        silent.pause();
      }
      for (int i = 0; i < 2; i++) {
        TrickleReader trickle = new TrickleReader(url, Duration.ofSeconds(1));
        others.add(trickle);
        trickle.send(auth(hostileToken));
        for (int s = 0; s < 10; s++) {
          trickle.send(listSubscribe("t" + s, "refetch"));
        }
      }
      for (int i = 0; i < 2; i++) {
        int seed = i;
        attackers.submit(() -> churn(url, hostileToken, readingHostiles, running, seed));
        attackers.submit(() -> flood(url, hostileToken, readingHostiles, running, seed));
        attackers.submit(() -> malformed(url, hostileToken, readingHostiles, running, seed));
      }
      // Measured over the whole attack, one write after the other.
      List<Long> attacked = new ArrayList<>();
      for (int n = 0; System.nanoTime() - until < 0; n++) {
        attacked.addAll(latencies(good, goodClients, goodMarker + "-attack-" + n, 1));
      }
      long heapDuring = heapAfterGc();
      attacking.set(false);

      double ratio = median(attacked) / (double) Math.max(1, median(quiet));
      long growth = heapDuring - heapBefore;
      print("latency quiet ms " + millis(quiet) + " attacked ms " + millis(attacked));
      print(String.format("latency ratio (median attacked / median quiet) %.2f", ratio));
      print(
          "heap after GC before "
              + heapBefore / (1024 * 1024)
              + " MiB, during the attack "
              + heapDuring / (1024 * 1024)
              + " MiB, growth "
              + growth / (1024 * 1024)
              + " MiB (bound "
              + HEAP_GROWTH_BOUND / (1024 * 1024)
              + " MiB)");

      long foreign = 0;
      for (LiveClient client : goodClients) {
        foreign +=
            client.messages().stream()
                .filter(m -> mentions(m, hostileTenant) || m.toString().contains(HOSTILE_TITLE))
                .count();
      }
      for (LiveClient client : readingHostiles) {
        foreign +=
            client.messages().stream()
                .filter(m -> mentions(m, goodTenant) || m.toString().contains(goodMarker))
                .count();
      }
      print("foreign-tenant messages " + foreign);

      assertThat(foreign).as("messages mentioning another tenant").isZero();
      assertThat(growth).as("heap growth under attack").isLessThan(HEAP_GROWTH_BOUND);
      assertThat(ratio).as("latency of the well-behaved sessions").isLessThan(LATENCY_RATIO_BOUND);
      for (LiveClient client : goodClients) {
        assertThat(client.isClosed()).isFalse();
        assertThat(client.unparsable()).isEmpty();
      }
      // The sessions that never read and the trickling ones answer no ping: they are closed and
      // their connections dropped, only the well-behaved and the reading hostile ones remain.
      URI gatewayUrl = stack.gatewayUrl(gateway);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(Metrics.sum(gatewayUrl, "keeplive_gateway_sessions"))
                      .isEqualTo(
                          goodClients.size()
                              + readingHostiles.stream().filter(c -> !c.isClosed()).count()));
      assertThat(
              Metrics.sum(
                  gatewayUrl, "keeplive_gateway_session_unsent_bytes", "stat=\"high_water\""))
          .as("no session ever held more than the bound")
          .isLessThanOrEqualTo(4 * 1024 * 1024);
    } finally {
      attacking.set(false);
      attackers.shutdownNow();
      attackers.awaitTermination(10, TimeUnit.SECONDS);
      for (AutoCloseable c : others) {
        c.close();
      }
      readingHostiles.forEach(LiveClient::close);
      goodClients.forEach(LiveClient::close);
      stack.stopGateway(gateway);
    }
  }

  /** Milliseconds from each write's answer until every well-behaved client shows it. */
  private static List<Long> latencies(
      Api good, List<LiveClient> clients, String marker, int writes) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      String title = marker + "-" + i;
      long started = System.nanoTime();
      good.createTicket(title);
      for (LiveClient client : clients) {
        client.awaitResult(
            "g",
            r -> r.get("rows").toString().contains("\"" + title + "\""),
            Duration.ofSeconds(30));
      }
      out.add((System.nanoTime() - started) / 1_000_000);
    }
    return out;
  }

  private static boolean mentions(JsonNode message, String tenant) {
    return message.toString().contains(tenant);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String millis(List<Long> values) {
    return values.size() + " writes, median " + median(values) + ", max " + Collections.max(values);
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Hostile data keeps changing, so every hostile subscription keeps getting output. */
  private static void keepChanging(Api hostile, List<String> ids, BooleanSupplier running) {
    int round = 0;
    while (running.getAsBoolean()) {
      hostile.updateTicket(
          ids.get(round % ids.size()), Map.of("title", HOSTILE_TITLE + "h".repeat(180) + round));
      round++;
    }
  }

  /** Subscribes and unsubscribes as fast as the rate limit lets it (40 of 50 a second). */
  private static void churn(
      String url, String token, List<LiveClient> keep, BooleanSupplier running, int seed) {
    LiveClient client = LiveClient.authenticated(url, token);
    keep.add(client);
    int n = 0;
    while (running.getAsBoolean() && !client.isClosed()) {
      String id = "c" + seed + "-" + n++;
      client.trySend(listSubscribe(id, n % 2 == 0 ? "stream" : "refetch", 5));
      client.trySend("{\"type\":\"unsubscribe\",\"id\":\"" + id + "\"}");
      pace(50);
    }
  }

  /** Valid and pointless frames just under the rate limit: pings, duplicates, unknown ids. */
  private static void flood(
      String url, String token, List<LiveClient> keep, BooleanSupplier running, int seed) {
    LiveClient client = LiveClient.authenticated(url, token);
    keep.add(client);
    Random random = new Random(seed);
    String[] frames = {
      "{\"type\":\"ping\"}",
      "{\"type\":\"unsubscribe\",\"id\":\"nothing\"}",
      listSubscribe("dup", "refetch", 5),
      "{\"type\":\"subscribe\",\"id\":\"k\",\"resource\":\"tickets\",\"key\":\"00000000-0000-0000-0000-000000000001\"}",
      auth(token)
    };
    while (running.getAsBoolean() && !client.isClosed()) {
      client.trySend(frames[random.nextInt(frames.length)]);
      pace(22);
    }
  }

  /**
   * Huge {@code in} lists, deep nesting, oversized frames (which end the session: a new one
   * follows), junk, and now and then a valid subscription.
   */
  private static void malformed(
      String url, String token, List<LiveClient> keep, BooleanSupplier running, int seed) {
    Random random = new Random(100 + seed);
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      values.append(i == 0 ? "" : ",").append('"').append("v").append(i).append('"');
    }
    String hugeIn =
        "{\"type\":\"subscribe\",\"id\":\"in\",\"resource\":\"tickets\","
            + "\"filter\":{\"assignee_id\":{\"in\":["
            + values
            + "]}}}";
    String deep = "[".repeat(30_000) + "]".repeat(30_000);
    String oversized = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    String nested =
        "{\"type\":\"subscribe\",\"id\":\"nest\",\"resource\":\"tickets\",\"filter\":"
            + "{\"a\":".repeat(2_000)
            + "1"
            + "}".repeat(2_000)
            + "}";
    AtomicInteger sessions = new AtomicInteger();
    while (running.getAsBoolean()) {
      LiveClient client = LiveClient.authenticated(url, token);
      keep.add(client);
      sessions.incrementAndGet();
      while (running.getAsBoolean() && !client.isClosed()) {
        String frame =
            switch (random.nextInt(6)) {
              case 0 -> hugeIn;
              case 1 -> deep;
              case 2 -> nested;
              case 3 -> random.nextInt(10) == 0 ? oversized : "{\"type\":";
              case 4 -> listSubscribe("ok" + random.nextInt(1_000), "refetch", 5);
              default -> "{\"type\":\"subscribe\",\"id\":\"x\",\"resource\":\"nope\"}";
            };
        if (!client.trySend(frame)) {
          break;
        }
        pace(30);
      }
    }
  }

  private static void pace(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
