package io.keeplive.relay.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.relay.testing.KillableConnections;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A relay killed in the middle of publishing — its database sessions terminated under it while
 * Kafka is acknowledging a batch, and the instance never coming back — loses nothing: another relay
 * publishes the rest, duplicates carry the id of the original, first deliveries keep commit order.
 */
class RelayCrashTest {

  private final String topic = "relay-crash-" + UUID.randomUUID();
  private final Postgres.Database database = Postgres.shared().newDatabase("relay_crash").migrate();
  private final OutboxWrites writes = new OutboxWrites(database);

  @Test
  void aRelayWhoseDatabaseSessionsAreKilledMidBatchLosesNothingAndItsDuplicatesRepeatTheSameId() {
    KillableConnections connections = new KillableConnections(database);
    crashMidBatch(connections, Relays.fastSettings(), relay -> connections.kill(true));
  }

  @Test
  void aRelayStoppedWithoutGraceMidBatchLosesNothingAndItsDuplicatesRepeatTheSameId() {
    // A zero shutdown timeout interrupts the lane at once: the producer is thrown away with the
    // batch in flight, as when the process is killed.
    OutboxRelay.Settings abrupt = Relays.fastSettings();
    abrupt =
        new OutboxRelay.Settings(
            abrupt.batchSize(),
            abrupt.pollInterval(),
            abrupt.listen(),
            abrupt.lanes(),
            abrupt.rebalanceInterval(),
            abrupt.retryBackoff(),
            abrupt.maxRetryBackoff(),
            abrupt.backlogSampleInterval(),
            Duration.ZERO);
    crashMidBatch(new KillableConnections(database), abrupt, OutboxRelay::close);
  }

  private void crashMidBatch(
      KillableConnections doomedConnections,
      OutboxRelay.Settings doomedSettings,
      Consumer<OutboxRelay> crash) {
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      tenants.add("crash-" + i + "-" + UUID.randomUUID());
    }
    writes.fill(tenants, 150);
    List<OutboxWrites.Written> committed = writes.contents();

    try (TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      RecordingListener doomedListener = new RecordingListener();
      OutboxRelay doomed =
          Relays.relay(
              doomedConnections,
              Kafka.shared().bootstrapServers(),
              topic,
              Relays.withBatch(doomedSettings, 200),
              doomedListener);
      doomed.start();
      // Crash as soon as 1000 rows are acknowledged, watched closely: a fast relay moves all 6000
      // rows within one default (100 ms) poll of a slower condition, and then nothing is mid-batch.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> doomedListener.published.get() >= 1000);
      crash.accept(doomed);
      assertThat(writes.remaining()).isPositive();
      doomed.close();

      try (OutboxRelay successor =
          Relays.relay(
              database,
              Kafka.shared().bootstrapServers(),
              topic,
              Relays.fastSettings(),
              new RecordingListener())) {
        successor.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> reader.poll() != null && reader.distinctIds() == committed.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> writes.remaining() == 0);
      }

      Set<UUID> delivered =
          reader.seen().stream().map(s -> s.event().id()).collect(Collectors.toSet());
      assertThat(delivered)
          .isEqualTo(committed.stream().map(OutboxWrites.Written::id).collect(Collectors.toSet()));
      assertThat(reader.seen())
          .allSatisfy(
              s -> assertThat(s.headers().get("ce_id")).isEqualTo(s.event().id().toString()));
      Map<String, List<UUID>> commitOrder =
          committed.stream()
              .collect(
                  Collectors.groupingBy(
                      OutboxWrites.Written::tenant,
                      Collectors.mapping(OutboxWrites.Written::id, Collectors.toList())));
      assertThat(reader.firstDeliveryOrderByTenant()).isEqualTo(commitOrder);
      System.out.printf(
          "crash test: %d records for %d notifications%n", reader.seen().size(), committed.size());
    }
  }
}
