package io.keeplive.relay.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Ports;
import io.keeplive.testsupport.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops while the relay is publishing a backlog and starts again on the same port and
 * data directory: the relay reconnects, re-takes its shards and publishes the rest, plus what is
 * written after the restart. The server is this test's own, not the shared one.
 */
@Tag("slow")
class PostgresRestartTest {

  private final String topic = "relay-pg-restart-" + UUID.randomUUID();

  @Test
  void afterAPostgresRestartTheRelayResumesAndLosesNothing() throws Exception {
    int port = Ports.restartable();
    Path dataDirectory = Files.createTempDirectory("relay-pg-restart");
    Postgres server = Postgres.start(port, dataDirectory);
    Postgres.Database database = server.newDatabase("relay_pg_restart").migrate();
    OutboxWrites writes = new OutboxWrites(database);
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      tenants.add("pg-" + i + "-" + UUID.randomUUID());
    }
    writes.fill(tenants, 200);
    List<OutboxWrites.Written> committed = new ArrayList<>(writes.contents());
    RecordingListener listener = new RecordingListener();

    try (OutboxRelay relay =
            Relays.relay(
                database,
                Kafka.shared().bootstrapServers(),
                topic,
                Relays.withBatch(Relays.fastSettings(), 100),
                listener);
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() >= 500);

      server.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> relay.ownedShards().isEmpty());
      server = Postgres.start(port, dataDirectory);
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.ownedShards().size() == 64);
      committed.addAll(writes.commit(tenants.get(0), 5));

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reader.poll() != null && reader.distinctIds() == committed.size());
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.remaining() == 0);
      assertThat(listener.errors).contains(RelayErrorKind.DATABASE);
      Map<String, List<UUID>> commitOrder =
          committed.stream()
              .collect(
                  Collectors.groupingBy(
                      OutboxWrites.Written::tenant,
                      Collectors.mapping(OutboxWrites.Written::id, Collectors.toList())));
      assertThat(reader.firstDeliveryOrderByTenant()).isEqualTo(commitOrder);
    } finally {
      server.close();
    }
  }
}
