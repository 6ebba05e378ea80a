package io.keeplive.relay.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class TopicProvisioningTest {

  private final String topic = "relay-topic-" + UUID.randomUUID();
  private final Postgres.Database database = Postgres.shared().newDatabase("relay_topic").migrate();
  private final OutboxWrites writes = new OutboxWrites(database);

  @Test
  void aMissingTopicIsCreatedWithTheConfiguredPartitionsAndReplication() throws Exception {
    KafkaPublishing kafka =
        new KafkaPublishing(
            new KafkaPublishing.Settings(topic, 7, (short) 1, true, true),
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.shared().bootstrapServers()),
            new RecordingListener());

    assertThat(kafka.ensureTopic()).isTrue();

    TopicDescription description = describe(topic);
    assertThat(description.partitions()).hasSize(7);
    assertThat(description.partitions().get(0).replicas()).hasSize(1);
  }

  @Test
  void aSingleReplicaTopicIsNotCreatedUnlessAllowed() throws Exception {
    RecordingListener listener = new RecordingListener();
    KafkaPublishing kafka =
        new KafkaPublishing(
            // Replication one per broker: the test cluster has a single broker.
            new KafkaPublishing.Settings(topic, 3, (short) 0, true, false),
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.shared().bootstrapServers()),
            listener);

    assertThat(kafka.ensureTopic()).isFalse();

    assertThat(listener.errors).contains(RelayErrorKind.TOPIC);
    assertThat(topicExists(topic)).isFalse();
  }

  @Test
  void aSingleReplicaTopicIsCreatedWhereAllowed() throws Exception {
    KafkaPublishing kafka =
        new KafkaPublishing(
            new KafkaPublishing.Settings(topic, 3, (short) 0, true, true),
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.shared().bootstrapServers()),
            new RecordingListener());

    assertThat(kafka.ensureTopic()).isTrue();

    assertThat(describe(topic).partitions().get(0).replicas()).hasSize(1);
  }

  @ParameterizedTest(name = "configured {0}, {1} broker(s) → replication {2}")
  @CsvSource({"0, 1, 1", "0, 2, 2", "0, 3, 3", "0, 7, 3", "2, 7, 2", "1, 3, 1"})
  void withoutAConfiguredFactorATopicGetsOneReplicaPerBrokerUpToThree(
      short configured, int brokers, short expected) {
    assertThat(KafkaPublishing.replicationFactor(configured, brokers)).isEqualTo(expected);
  }

  @Test
  void withCreationSwitchedOffTheRelayWaitsForTheTopicAndThenPublishesEverything()
      throws Exception {
    RecordingListener listener = new RecordingListener();
    try (OutboxRelay relay =
            new OutboxRelay(
                Relays.fastSettings(),
                Relays.connections(database),
                Relays.kafka(Kafka.shared().bootstrapServers(), topic, false, listener),
                listener);
        TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      relay.start();
      List<OutboxWrites.Written> rows = writes.commit("waiting-" + UUID.randomUUID(), 3);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> listener.errors.contains(RelayErrorKind.TOPIC));
      assertThat(topicExists(topic)).isFalse();
      assertThat(writes.remaining()).isEqualTo(3);

      Kafka.shared().createTopic(topic, 2);

      await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= rows.size());
      assertThat(reader.distinctIds()).isEqualTo(3);
      await().atMost(Duration.ofSeconds(5)).until(() -> writes.remaining() == 0);
    }
  }

  @Test
  void checkingTheTopicWhileTheBrokerIsUnreachableFailsWithoutSpinningTheAdminClient()
      throws Exception {
    // The chaos run's relays logged 150,000 "Rebootstrapping" lines in five minutes: the admin
    // client of a topic check started during a broker outage rebootstrapped in a tight loop.
    Logger metadata =
        (Logger)
            LoggerFactory.getLogger(
                "org.apache.kafka.clients.admin.internals.AdminMetadataManager");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    metadata.addAppender(lines);
    RecordingListener listener = new RecordingListener();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try {
      KafkaPublishing kafka =
          new KafkaPublishing(
              new KafkaPublishing.Settings(topic, 1, (short) 1, true, true),
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort),
              listener);

      assertThat(kafka.ensureTopic()).isFalse();
    } finally {
      metadata.detachAppender(lines);
    }

    assertThat(listener.errors).contains(RelayErrorKind.TOPIC);
    long rebootstraps =
        lines.list.stream()
            .filter(line -> line.getFormattedMessage().contains("Rebootstrapping"))
            .count();
    assertThat(rebootstraps).isLessThanOrEqualTo(2);
  }

  private static TopicDescription describe(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(topic);
    }
  }

  private static boolean topicExists(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Kafka.shared().bootstrapServers()));
  }
}
