package io.keeplive.gateway.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.Mode;
import io.keeplive.gateway.refetch.RowChanges;
import io.keeplive.gateway.refetch.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class SendQueueTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final AtomicInteger drops = new AtomicInteger();
  private final AtomicInteger resyncs = new AtomicInteger();
  private final GatewayListener events =
      new GatewayListener() {
        @Override
        public void dropped(int messages) {
          drops.addAndGet(messages);
        }

        @Override
        public void resynced() {
          resyncs.incrementAndGet();
        }
      };

  private final AtomicLong heldByConnection = new AtomicLong();

  private SendQueue queue(long maxBytes) {
    return new SendQueue(maxBytes, heldByConnection::get, events);
  }

  /** What a queued {@code result} of {@code rows} for subscription {@code id} counts. */
  private static long resultBytes(String id, Rows rows) {
    return Entry.ENVELOPE_BYTES + 6L * id.length() + rows.utf8Length() + Entry.pageBytes(rows);
  }

  private static Rows rows(String... idAndVersion) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < idAndVersion.length; i++) {
      String[] parts = idAndVersion[i].split("@");
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(parts[0])
          .append("\",\"version\":")
          .append(parts.length > 1 ? parts[1] : "1")
          .append("}");
    }
    return Rows.of(JSON.readTree(json.append("]").toString()));
  }

  private static List<JsonNode> drain(SendQueue queue) {
    List<JsonNode> frames = new ArrayList<>();
    Polled polled;
    while ((polled = queue.poll(Instant.now())) != null) {
      if (polled instanceof Polled.Text text) {
        frames.add(JSON.readTree(text.frame()));
      } else if (polled instanceof Polled.Encoded encoded) {
        frames.add(JSON.readTree(encoded.frame().text()));
      }
    }
    return frames;
  }

  /** What a client holds after applying the messages of one subscription, by row id. */
  private static final class ClientView {
    final Map<String, String> rows = new LinkedHashMap<>();
    long lastSeq;

    void apply(JsonNode message) {
      long seq = message.get("seq").asLong();
      assertThat(seq).as("seq without gap").isEqualTo(lastSeq + 1);
      lastSeq = seq;
      switch (message.get("type").asString()) {
        case "result" -> {
          rows.clear();
          message.get("rows").forEach(r -> rows.put(r.get("id").asString(), r.toString()));
        }
        case "insert", "update" ->
            rows.put(message.get("row").get("id").asString(), message.get("row").toString());
        case "delete" -> rows.remove(message.get("row").get("id").asString());
        default -> {}
      }
    }
  }

  private static Map<String, String> asMap(Rows rows) {
    Map<String, String> map = new HashMap<>();
    rows.rows().forEach(r -> map.put(r.id(), r.json()));
    return map;
  }

  @Test
  void refetchModeSendsAResultOnlyWhenTheRowsDiffer() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("q1", Mode.REFETCH);
    queue.publish(stream, rows("a"), null, 0);
    queue.publish(stream, rows("a"), null, 0);
    List<JsonNode> first = drain(queue);
    queue.publish(stream, rows("a"), null, 0);
    queue.publish(stream, rows("a", "b"), null, 0);
    List<JsonNode> second = drain(queue);

    assertThat(first).hasSize(1);
    assertThat(first.get(0).get("seq").asLong()).isEqualTo(1);
    assertThat(second).hasSize(1);
    assertThat(second.get(0).get("seq").asLong()).isEqualTo(2);
    assertThat(second.get(0).get("rows")).hasSize(2);
  }

  @Test
  void everyResultCarriesTheEtagOfItsRowsAndAWindowsHasMoreAndNext() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("q1", Mode.REFETCH);
    queue.publish(stream, rows("a", "b").window(true, "cursor-b"), null, 0);
    queue.publish(new SubscriptionStream("q2", Mode.STREAM), rows("a", "b"), null, 0);
    List<JsonNode> frames = drain(queue);

    assertThat(frames.get(0).get("has_more").asBoolean()).isTrue();
    assertThat(frames.get(0).get("next").asString()).isEqualTo("cursor-b");
    assertThat(frames.get(0).get("etag").asString()).hasSize(22);
    assertThat(frames.get(1).get("etag"))
        .as("equal rows, equal etag")
        .isEqualTo(frames.get(0).get("etag"));
    assertThat(frames.get(1).has("has_more")).as("not a list window").isFalse();
  }

  @Test
  void aResumeWithTheEtagOfTheCurrentRowsIsAnsweredUnchangedWithoutRows() {
    SendQueue queue = queue(1 << 20);
    String etag = rows("a", "b").etag();
    for (Mode mode : Mode.values()) {
      var resumed = new SubscriptionStream("r", mode, etag);
      queue.publish(resumed, rows("a", "b").window(false, "cursor-b"), null, 0);
      JsonNode first = drain(queue).get(0);
      assertThat(first.get("unchanged").asBoolean()).as(mode.wireName()).isTrue();
      assertThat(first.has("rows")).isFalse();
      assertThat(first.get("etag").asString()).isEqualTo(etag);
      assertThat(first.get("has_more").asBoolean()).isFalse();
      assertThat(first.get("next").asString()).isEqualTo("cursor-b");
      assertThat(first.get("seq").asLong()).isEqualTo(1);
      queue.publish(resumed, rows("a", "b@3"), null, 0);
      assertThat(drain(queue).get(0).has("unchanged")).as("only the first result").isFalse();
    }
    var stale = new SubscriptionStream("s", Mode.REFETCH, etag);
    queue.publish(stale, rows("a", "c"), null, 0);
    JsonNode fresh = drain(queue).get(0);
    assertThat(fresh.has("unchanged")).isFalse();
    assertThat(fresh.get("rows")).hasSize(2);
    assertThat(fresh.get("etag").asString()).isNotEqualTo(etag);
  }

  @Test
  void refetchModeFoldsQueuedResultsIntoTheLatest() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("q1", Mode.REFETCH);
    queue.publish(stream, rows("a"), null, 0);
    queue.publish(stream, rows("a", "b"), null, 0);
    queue.publish(stream, rows("b"), null, 0);
    List<JsonNode> frames = drain(queue);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).get("rows").toString()).isEqualTo(rows("b").json());
  }

  @Test
  void streamModeSendsTheInitialResultThenRowChanges() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("q3", Mode.STREAM);
    queue.publish(stream, rows("a", "b@1"), null, 0);
    drain(queue);
    queue.publish(stream, rows("b@2", "c"), null, 0);
    List<JsonNode> frames = drain(queue);
    assertThat(frames)
        .extracting(f -> f.get("type").asString())
        .containsExactly("delete", "update", "insert");
    assertThat(frames.get(0).get("row").toString()).isEqualTo("{\"id\":\"a\"}");
    assertThat(frames).extracting(f -> f.get("seq").asLong()).containsExactly(2L, 3L, 4L);
  }

  @Test
  void aSlowClientIsResyncedAndItsViewStaysExactWithoutSeqGaps() {
    Random random = new Random(7);
    SendQueue queue = queue(1_500);
    var stream = new SubscriptionStream("q", Mode.STREAM);
    ClientView client = new ClientView();
    Rows latest = null;
    for (int round = 0; round < 2_000; round++) {
      List<String> ids = new ArrayList<>();
      for (int id = 0; id < 12; id++) {
        if (random.nextInt(3) > 0) {
          ids.add("r" + id + "@" + random.nextInt(4));
        }
      }
      latest = rows(ids.toArray(String[]::new));
      assertThat(queue.publish(stream, latest, null, 0))
          .isNotEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
      assertThat(queue.unsent()).isLessThanOrEqualTo(1_500);
      if (random.nextInt(10) == 0) {
        drain(queue).forEach(client::apply);
      }
    }
    drain(queue).forEach(client::apply);

    assertThat(client.rows).isEqualTo(asMap(latest));
    assertThat(drops.get()).isPositive();
    assertThat(resyncs.get()).isPositive();
  }

  @Test
  void aStreamWhoseViewIsNotTheCohortsPreviousResultDiffsItsOwnViewInsteadOfTheSharedChanges() {
    SendQueue queue = queue(1 << 20);
    Rows previous = rows("a@1", "b@1", "c@1");
    Rows next = rows("a@2", "b@1", "c@1");
    RowChanges shared = new RowChanges(previous, next, 5);
    // The member was given the cohort's previous result; the other one's view came from elsewhere
    // (its cohort before a replan), and an equal view that is another object is not trusted either.
    var member = new SubscriptionStream("m", Mode.STREAM);
    var other = new SubscriptionStream("o", Mode.STREAM);
    var equal = new SubscriptionStream("e", Mode.STREAM);
    queue.publish(member, previous, null, null, 4);
    queue.publish(other, rows("a@1", "b@1"), null, null, 3);
    queue.publish(equal, rows("a@1", "b@1", "c@1"), null, null, 4);
    Map<String, ClientView> clients =
        Map.of("m", new ClientView(), "o", new ClientView(), "e", new ClientView());
    drain(queue).forEach(f -> clients.get(f.get("id").asString()).apply(f));

    queue.publish(member, next, shared, null, 5);
    queue.publish(other, next, shared, null, 5);
    queue.publish(equal, next, shared, null, 5);
    List<JsonNode> frames = drain(queue);
    frames.forEach(f -> clients.get(f.get("id").asString()).apply(f));

    assertThat(frames)
        .extracting(f -> f.get("id").asString() + " " + f.get("type").asString())
        .containsExactly("m update", "o update", "o insert", "e update");
    clients.forEach((id, client) -> assertThat(client.rows).as(id).isEqualTo(asMap(next)));
  }

  @Test
  void membersFedACohortsSharedChangesConvergeWhateverTheirViewsAndBounds() {
    Random random = new Random(23);
    SendQueue queue = queue(4_000);
    List<SubscriptionStream> streams = new ArrayList<>();
    Map<String, ClientView> clients = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      streams.add(new SubscriptionStream("s" + i, Mode.STREAM));
      clients.put("s" + i, new ClientView());
    }
    Rows last = null;
    for (int round = 0; round < 1_500; round++) {
      Rows fresh = randomRows(random);
      RowChanges changes = last == null ? null : new RowChanges(last, fresh, round);
      for (SubscriptionStream stream : streams) {
        if (random.nextInt(20) == 0) {
          // A result from another cohort (a replan): this view is not the cohort's last result.
          queue.publish(stream, randomRows(random), null, null, round);
        }
        queue.publish(stream, fresh, changes, null, round);
      }
      last = fresh;
      if (random.nextInt(5) == 0) {
        drain(queue).forEach(f -> clients.get(f.get("id").asString()).apply(f));
        // Every stream's last publish was the cohort's result: every client now shows it.
        clients.forEach((id, client) -> assertThat(client.rows).as(id).isEqualTo(asMap(fresh)));
      }
    }
    assertThat(resyncs.get()).as("the bound was reached too").isPositive();
  }

  private static Rows randomRows(Random random) {
    List<String> ids = new ArrayList<>();
    for (int id = 0; id < 10; id++) {
      if (random.nextInt(3) > 0) {
        ids.add("r" + id + "@" + random.nextInt(3));
      }
    }
    return rows(ids.toArray(String[]::new));
  }

  @Test
  void everyDataMessageCarriesThePositionOfTheResultItCameFromAsAt() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("s", Mode.STREAM);
    queue.publish(stream, rows("a"), null, 41);
    List<JsonNode> frames = new ArrayList<>(drain(queue));
    queue.publish(stream, rows("a@2", "b"), null, 57);
    frames.addAll(drain(queue));

    assertThat(frames)
        .extracting(f -> f.get("type").asString() + "@" + f.get("at").asString())
        .containsExactly("result@41", "update@57", "insert@57");
  }

  @Test
  void aQueuedResultIsWrittenWithTheNewestPositionItAbsorbed() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("s", Mode.REFETCH);
    queue.publish(stream, rows("a"), null, 3);
    queue.publish(stream, rows("a", "b"), null, 9);

    assertThat(drain(queue))
        .extracting(f -> f.get("at").asString() + " " + f.get("rows").size())
        .containsExactly("9 2");
  }

  @Test
  void aResyncTakesThePlaceOfTheFirstMessageItReplacesSoAFrameQueuedAfterThatStaysBehindIt() {
    SendQueue queue = queue(900);
    var stream = new SubscriptionStream("busy", Mode.STREAM);
    queue.publish(stream, rows("a"), null, 1);
    drain(queue);
    queue.publish(stream, rows("a", "b"), null, 2);
    // What a session queues for sync: behind the insert of b.
    queue.control("{\"type\":\"synced\",\"ref\":\"r\",\"position\":\"2\"}");
    // Too much for the bound: the stream's messages collapse into one result.
    queue.publish(stream, rows("a", "b", "c", "d", "e", "f", "g"), null, 3);

    List<JsonNode> frames = drain(queue);

    assertThat(resyncs.get()).isPositive();
    assertThat(frames)
        .extracting(f -> f.get("type").asString())
        .as("the resync result stands where the insert of b stood, before synced")
        .containsExactly("result", "synced");
    assertThat(frames.get(0).get("rows")).hasSize(7);
  }

  @Test
  void messagesAreDroppedOnlyFromTheSubscriptionThatOverflowed() {
    SendQueue queue = queue(800);
    var quiet = new SubscriptionStream("quiet", Mode.STREAM);
    var busy = new SubscriptionStream("busy", Mode.STREAM);
    queue.publish(quiet, rows("x"), null, 0);
    drain(queue);
    queue.publish(quiet, rows("x", "y"), null, 0);
    queue.publish(busy, rows("a"), null, 0);
    queue.publish(busy, rows("a", "b", "c", "d", "e"), null, 0);

    List<JsonNode> frames = drain(queue);
    assertThat(frames)
        .filteredOn(f -> f.get("id").asString().equals("quiet"))
        .extracting(f -> f.get("type").asString())
        .containsExactly("insert");
    assertThat(frames)
        .filteredOn(f -> f.get("id").asString().equals("busy"))
        .extracting(f -> f.get("type").asString())
        .containsExactly("result");
  }

  @Test
  void whenEvenResyncsDoNotFitTheClientIsASlowConsumer() {
    SendQueue queue = queue(100);
    for (int i = 0; i < 2; i++) {
      queue.control("{\"type\":\"pong\"}");
    }
    var stream = new SubscriptionStream("q", Mode.REFETCH);
    assertThat(queue.publish(stream, rows("a"), null, 0))
        .isEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
  }

  @Test
  void oneResultPerSubscriptionFitsUpToTheBoundOneMoreIsASlowConsumer() {
    long oneResult = resultBytes("q0", rows("a@5", "b@5"));
    SendQueue queue = queue(4 * oneResult + 20);
    List<SubscriptionStream> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      streams.add(new SubscriptionStream("q" + i, Mode.REFETCH));
    }
    var stream = new SubscriptionStream("s", Mode.STREAM);
    streams.add(stream);
    for (SubscriptionStream s : streams) {
      queue.publish(s, rows("a", "b"), null, 0);
    }
    drain(queue);
    // From here on the client reads nothing.
    for (int version = 2; version <= 5; version++) {
      for (SubscriptionStream s : streams) {
        assertThat(queue.publish(s, rows("a@" + version, "b@" + version), null, 0))
            .as("a stalled client whose resyncs fit the bound is kept")
            .isNotEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
      }
    }
    assertThat(resyncs.get()).as("the stream subscription overflowed").isPositive();
    assertThat(queue.size()).isEqualTo(4);

    var fifth = new SubscriptionStream("q4", Mode.REFETCH);
    assertThat(queue.publish(fifth, rows("a@5", "b@5"), null, 0))
        .isEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
    assertThat(queue.unsent()).as("a slow consumer's queue is dropped").isZero();
  }

  @Test
  void theUnsentOutputNeverStaysAboveTheByteBoundWhateverTheSubscriptionsPublish() {
    Random random = new Random(11);
    long bound = 20_000;
    SendQueue queue = queue(bound);
    List<SubscriptionStream> streams = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      streams.add(new SubscriptionStream("q" + i, i % 2 == 0 ? Mode.STREAM : Mode.REFETCH));
    }
    int pressed = 0;
    for (int round = 0; round < 5_000; round++) {
      SubscriptionStream stream = streams.get(random.nextInt(streams.size()));
      List<String> ids = new ArrayList<>();
      for (int id = 0; id < random.nextInt(30); id++) {
        ids.add("r" + id + "@" + random.nextInt(5));
      }
      SendQueue.Outcome outcome = queue.publish(stream, rows(ids.toArray(String[]::new)), null, 0);
      assertThat(outcome).isNotEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
      pressed += outcome == SendQueue.Outcome.PRESSED ? 1 : 0;
      assertThat(queue.unsent()).isLessThanOrEqualTo(bound);
      if (random.nextInt(50) == 0) {
        queue.poll(Instant.now());
      }
    }
    assertThat(pressed).as("the bound was reached").isPositive();
    assertThat(queue.highWater()).isLessThanOrEqualTo(bound);
  }

  @Test
  void bytesTheConnectionStillHoldsCountAgainstTheSameBound() {
    var stream = new SubscriptionStream("q", Mode.REFETCH);
    SendQueue queue = queue(resultBytes("q", rows("a")) + 100);
    heldByConnection.set(101);
    assertThat(queue.publish(stream, rows("a"), null, 0))
        .isEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
  }

  @Test
  void controlRepliesToAClientThatDoesNotReadMakeItASlowConsumer() {
    SendQueue queue = queue(1_000);
    SendQueue.Outcome outcome = SendQueue.Outcome.OK;
    int replies = 0;
    while (outcome == SendQueue.Outcome.OK && replies < 1_000) {
      outcome = queue.control("{\"type\":\"pong\"}");
      replies++;
    }
    assertThat(outcome).isEqualTo(SendQueue.Outcome.SLOW_CONSUMER);
    assertThat(replies).isEqualTo(1_000 / 15 + 1);
  }

  @Test
  void aPingGoesAheadOfEverythingQueued() {
    SendQueue queue = queue(1 << 20);
    queue.control("{\"type\":\"pong\"}");
    queue.ping();
    assertThat(queue.poll(Instant.now())).isInstanceOf(Polled.Ping.class);
  }

  @Test
  void completeDropsWhatIsQueuedForTheSubscriptionAndContinuesItsSeq() {
    SendQueue queue = queue(1 << 20);
    var stream = new SubscriptionStream("q", Mode.STREAM);
    queue.publish(stream, rows("a"), null, 0);
    drain(queue);
    queue.publish(stream, rows("a", "b"), null, 0);
    queue.complete(stream);
    queue.publish(stream, rows("a", "b", "c"), null, 0);
    List<JsonNode> frames = drain(queue);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).get("type").asString()).isEqualTo("complete");
    assertThat(frames.get(0).get("seq").asLong()).isEqualTo(2);
  }

  @Test
  void nothingQueuedAfterACloseIsWritten() {
    SendQueue queue = queue(1 << 20);
    queue.control("{\"type\":\"error\"}");
    queue.closeAfterPending(CloseCode.UNAUTHENTICATED);
    queue.control("{\"type\":\"pong\"}");
    assertThat(queue.poll(Instant.now())).isInstanceOf(Polled.Text.class);
    assertThat(queue.poll(Instant.now())).isEqualTo(new Polled.Close(CloseCode.UNAUTHENTICATED));
    assertThat(queue.poll(Instant.now())).isNull();
  }
}
