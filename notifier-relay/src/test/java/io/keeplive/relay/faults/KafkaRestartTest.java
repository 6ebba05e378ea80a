package io.keeplive.relay.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.relay.testing.LoadWriter;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Ports;
import io.keeplive.testsupport.Postgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka broker stops and starts again (same port, same log directory) while writers keep
 * committing: the relay stalls, then resumes, and every notification arrives in commit order per
 * tenant. The broker is this test's own, not the shared one.
 */
@Tag("slow")
class KafkaRestartTest {

  private final String topic = "relay-kafka-restart-" + UUID.randomUUID();
  private final Postgres.Database database =
      Postgres.shared().newDatabase("relay_kafka_restart").migrate();
  private final OutboxWrites writes = new OutboxWrites(database);
  private final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);

  @AfterEach
  void stopBroker() {
    broker.destroy();
  }

  @Test
  void afterABrokerRestartUnderLoadTheRelayResumesAndLosesNothing() throws Exception {
    broker.kafkaPorts(Ports.restartable());
    broker.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "false",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1"));
    broker.afterPropertiesSet();
    String bootstrap = broker.getBrokersAsString();
    BrokerServer server = broker.getCluster().brokers().values().iterator().next();
    RecordingListener listener = new RecordingListener();

    try (OutboxRelay relay =
            Relays.relay(database, bootstrap, topic, Relays.fastSettings(), listener);
        TopicReader reader = new TopicReader(bootstrap, topic);
        LoadWriter load = new LoadWriter(database, 3, 10)) {
      relay.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() >= 500);

      server.shutdown();
      // While the broker is gone the relay publishes nothing and the outbox fills up.
      await().atMost(Duration.ofSeconds(30)).until(() -> writes.remaining() > 2_000);
      server.startup();

      await().atMost(Duration.ofSeconds(20)).until(() -> load.rows() > 0 && reader.poll() != null);
      Map<String, List<UUID>> committed = load.stop();
      long total = committed.values().stream().mapToLong(List::size).sum();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> reader.poll() != null && reader.distinctIds() == total);
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.remaining() == 0);
      assertThat(reader.firstDeliveryOrderByTenant()).isEqualTo(committed);
    }
  }
}
