package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.relay.testing.KillableConnections;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShardOwnershipTest {

  private final String topic = "relay-shards-" + UUID.randomUUID();
  private final Postgres.Database database =
      Postgres.shared().newDatabase("relay_shards").migrate();

  @Test
  void twoRelaysSplitTheSixtyFourShardsWithoutOverlap() {
    try (OutboxRelay first = relay(new RecordingListener());
        OutboxRelay second = relay(new RecordingListener())) {
      first.start();
      second.start();

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                assertThat(first.ownedShards()).hasSize(32);
                assertThat(second.ownedShards()).hasSize(32);
              });
      Set<Integer> union = new HashSet<>(first.ownedShards());
      union.addAll(second.ownedShards());
      assertThat(union).hasSize(Notifications.OUTBOX_SHARDS);
    }
  }

  @Test
  void aDeadRelaysShardsAreTakenOverWithinSecondsAndItsRowsStillArrive() {
    KillableConnections doomedConnections = new KillableConnections(database);
    RecordingListener survivorListener = new RecordingListener();
    try (OutboxRelay doomed =
            Relays.relay(
                doomedConnections,
                Kafka.shared().bootstrapServers(),
                topic,
                Relays.fastSettings(),
                new RecordingListener());
        OutboxRelay survivor = relay(survivorListener);
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      doomed.start();
      survivor.start();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> doomed.ownedShards().size() == 32 && survivor.ownedShards().size() == 32);

      // The doomed instance's host vanishes: Postgres ends its sessions, it never comes back.
      doomedConnections.kill(true);
      long killedAt = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(() -> survivor.ownedShards().size() == 64);
      assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(5));
      assertThat(survivorListener.shardsOwned.get()).isEqualTo(64);

      OutboxWrites.Written row =
          new OutboxWrites(database).commit("after-death-" + UUID.randomUUID(), 1).get(0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(row.id())));
    }
  }

  @Test
  void aGracefullyStoppedRelayReleasesItsShardsToTheOthers() {
    try (OutboxRelay staying = relay(new RecordingListener())) {
      OutboxRelay leaving = relay(new RecordingListener());
      leaving.start();
      staying.start();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> leaving.ownedShards().size() == 32 && staying.ownedShards().size() == 32);

      leaving.close();

      assertThat(leaving.ownedShards()).isEmpty();
      await().atMost(Duration.ofSeconds(3)).until(() -> staying.ownedShards().size() == 64);
    }
  }

  private OutboxRelay relay(RecordingListener listener) {
    return Relays.relay(
        database, Kafka.shared().bootstrapServers(), topic, Relays.fastSettings(), listener);
  }
}
