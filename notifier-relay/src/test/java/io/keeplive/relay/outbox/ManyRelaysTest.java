package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several relays (one of them with two lanes) against concurrent writers, with relays leaving and
 * joining while rows are written: per tenant the first deliveries equal the commit order, and every
 * row arrives.
 */
class ManyRelaysTest {

  private final String topic = "relay-many-" + UUID.randomUUID();
  private final Postgres.Database database = Postgres.shared().newDatabase("relay_many").migrate();
  private final OutboxWrites writes = new OutboxWrites(database);

  @Test
  void severalRelaysWithConcurrentWritersKeepEachTenantsCommitOrderAndLoseNothing()
      throws Exception {
    run(4, 12, 25, false);
  }

  @Test
  @Tag("slow")
  void relaysJoiningAndLeavingUnderLoadKeepEachTenantsCommitOrderAndLoseNothing() throws Exception {
    run(6, 40, 60, true);
  }

  private void run(int writers, int tenantsPerWriter, int commitsPerTenant, boolean churn)
      throws Exception {
    List<OutboxRelay> relays = new ArrayList<>();
    relays.add(relay(1));
    relays.add(relay(2));
    relays.add(relay(1));
    relays.forEach(OutboxRelay::start);
    Map<String, List<UUID>> committed = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try (TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        List<String> tenants = new ArrayList<>();
        for (int t = 0; t < tenantsPerWriter; t++) {
          tenants.add("w" + w + "-t" + t + "-" + UUID.randomUUID());
        }
        done.add(
            pool.submit(
                () -> {
                  try (Connection connection = database.connect()) {
                    connection.setAutoCommit(false);
                    for (int c = 0; c < commitsPerTenant; c++) {
                      for (String tenant : tenants) {
                        List<OutboxWrites.Written> rows =
                            OutboxWrites.write(connection, tenant, 1 + c % 3);
                        connection.commit();
                        rows.forEach(
                            row ->
                                committed
                                    .computeIfAbsent(tenant, k -> new ArrayList<>())
                                    .add(row.id()));
                      }
                    }
                  }
                  return null;
                }));
      }
      if (churn) {
        for (int round = 0; round < 4; round++) {
          OutboxRelay leaving = relays.remove(0);
          leaving.close();
          OutboxRelay joining = relay(1 + round % 2);
          joining.start();
          relays.add(joining);
          await().pollDelay(Duration.ofMillis(700)).until(() -> true);
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
      long total = committed.values().stream().mapToLong(List::size).sum();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> reader.poll() != null && reader.distinctIds() >= total);
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.remaining() == 0);

      Map<String, List<UUID>> delivered = reader.firstDeliveryOrderByTenant();
      assertThat(delivered.keySet()).isEqualTo(committed.keySet());
      for (Map.Entry<String, List<UUID>> tenant : committed.entrySet()) {
        assertThat(delivered.get(tenant.getKey()))
            .as("first deliveries of %s", tenant.getKey())
            .isEqualTo(tenant.getValue());
      }
      assertThat(reader.distinctIds()).isEqualTo(total);
    } finally {
      pool.shutdownNow();
      relays.forEach(OutboxRelay::close);
    }
  }

  private OutboxRelay relay(int lanes) {
    return Relays.relay(
        database,
        Kafka.shared().bootstrapServers(),
        topic,
        Relays.withBatch(Relays.withLanes(Relays.fastSettings(), lanes), 50),
        new RecordingListener());
  }
}
