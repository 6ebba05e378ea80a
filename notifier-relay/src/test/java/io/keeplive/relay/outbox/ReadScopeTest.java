package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.testing.CountingConnections;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which shards a lane's reads cover, seen as the statements that reach PostgreSQL. */
class ReadScopeTest {

  private final String topic = "relay-scope-" + UUID.randomUUID();
  private final Postgres.Database database = Postgres.shared().newDatabase("relay_scope").migrate();
  private final OutboxWrites writes = new OutboxWrites(database);

  @Test
  void oneBusyShardAloneIsDrainedInWholeBatches() {
    String tenant = "busy-" + UUID.randomUUID();
    int rows = 2_000;
    writes.fill(List.of(tenant), rows);
    CountingConnections connections = new CountingConnections(database);
    // No polls or rebalances during the drain: each would make a lane read all 64 shards again.
    OutboxRelay.Settings settings =
        Relays.quiet(Relays.fastSettings(), true, Duration.ofMinutes(5));
    int batch = settings.batchSize();
    try (OutboxRelay relay =
            Relays.relay(
                connections,
                Kafka.shared().bootstrapServers(),
                topic,
                settings,
                RelayListener.NONE);
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reader.poll().size() >= rows && reader.distinctIds() == rows);

      // The first read covers all 64 owned shards, so the busy one gets 1/64 of a batch; from then
      // on reads cover only the shard that had rows and take whole batches. A lane that kept
      // sharing every batch among all its shards would need about 64 times as many reads.
      int reads = connections.readsBy("-lane-").values().stream().mapToInt(n -> n).sum();
      assertThat(reads)
          .as("outbox reads for %d rows of one shard, batch %d", rows, batch)
          .isLessThanOrEqualTo(1 + rows / batch + 1 + 3);
      assertThat(writes.remaining()).isZero();
    }
  }
}
