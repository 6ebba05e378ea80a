package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.testing.CountingConnections;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WakeupTest {

  private final String topic = "relay-wakeup-" + UUID.randomUUID();
  private final Postgres.Database database =
      Postgres.shared().newDatabase("relay_wakeup").migrate();
  private final OutboxWrites writes = new OutboxWrites(database);

  @Test
  void aNotifyWakesTheRelayLongBeforeItsNextPoll() {
    try (OutboxRelay relay = relay(true, Duration.ofMinutes(5));
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();
      // The first round after start is immediate; wait until it is over (topic exists, idle).
      await().atMost(Duration.ofSeconds(20)).until(() -> relay.ownedShards().size() == 64);
      writes.commit("warmup-" + UUID.randomUUID(), 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() == 1);

      OutboxWrites.Written row = writes.commit("notified-" + UUID.randomUUID(), 1).get(0);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(row.id())));
    }
  }

  @Test
  void aNotifyIsReadByTheLaneOwningItsShardAloneAndOnlyInThatShard() {
    CountingConnections connections = new CountingConnections(database);
    try (OutboxRelay relay =
            Relays.relay(
                connections,
                Kafka.shared().bootstrapServers(),
                topic,
                Relays.withLanes(settings(true, Duration.ofMinutes(5)), 2),
                RelayListener.NONE);
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> relay.ownedShards().size() == 64);
      writes.commit("warmup-" + UUID.randomUUID(), 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() == 1);
      connections.reset();

      int notifications = 20;
      for (int i = 0; i < notifications; i++) {
        OutboxWrites.Written row =
            writes.commit("targeted-" + i + "-" + UUID.randomUUID(), 1).get(0);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(row.id())));
      }

      // Per notification the owning lane reads its one shard (no busy-shards probe) until a read
      // comes back empty: two reads. Waking every lane for every NOTIFY, to probe all the shards it
      // owns, costs four (both lanes probe, the owner reads, the owner probes again).
      int reads = connections.readsBy("-lane-").values().stream().mapToInt(n -> n).sum();
      assertThat(reads)
          .as("outbox reads for %d notifications", notifications)
          .isBetween(notifications, 2 * notifications + 2);
    }
  }

  @Test
  void aRowWhoseNotifyNeverCameIsPublishedByThePollFallback() throws Exception {
    try (OutboxRelay relay = relay(true, Duration.ofMillis(300));
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();
      OutboxWrites.Written row;
      try (Connection connection = database.connect()) {
        connection.setAutoCommit(false);
        row = OutboxWrites.write(connection, "silent-" + UUID.randomUUID(), 1).get(0);
        // Roll back the NOTIFY but keep the row: re-insert it without signalling.
        connection.rollback();
        connection
            .createStatement()
            .execute(
                "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
                    + " record_id, topics, actor_id) VALUES (nextval('outbox_position_seq'), '"
                    + row.id()
                    + "', "
                    + Notifications.shardOf(row.tenant())
                    + ", '"
                    + row.tenant()
                    + "', 'tickets', 'update', 'update', 'r1', ARRAY['tickets'], 'alice')");
        connection.commit();
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(row.id())));
      assertThat(writes.remaining()).isZero();
    }
  }

  @Test
  void withListenSwitchedOffPollingAlonePublishes() {
    try (OutboxRelay relay = relay(false, Duration.ofMillis(200));
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();
      OutboxWrites.Written row = writes.commit("polled-" + UUID.randomUUID(), 1).get(0);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(row.id())));
    }
  }

  private OutboxRelay relay(boolean listen, Duration pollInterval) {
    return Relays.relay(
        database,
        Kafka.shared().bootstrapServers(),
        topic,
        settings(listen, pollInterval),
        RelayListener.NONE);
  }

  private static OutboxRelay.Settings settings(boolean listen, Duration pollInterval) {
    // Rebalancing also makes a lane read; keep it as rare as polling so only NOTIFY can be fast.
    return Relays.quiet(Relays.fastSettings(), listen, pollInterval);
  }
}
