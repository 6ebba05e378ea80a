package io.keeplive.gateway.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.testsupport.Kafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer against the suite's real broker: notifications it can no longer read are made good
 * by reading every view again, never skipped in silence.
 */
class NotificationConsumerTest {

  private final String topic = "gateway-consumer-" + UUID.randomUUID();
  private final String bootstrap = Kafka.shared().bootstrapServers();
  private final Recorder sink = new Recorder();
  private final List<GatewayListener.ConsumerTrouble> troubles = new CopyOnWriteArrayList<>();
  private NotificationConsumer consumer;

  @AfterEach
  void stop() {
    if (consumer != null) {
      consumer.stop();
    }
  }

  @Test
  void notificationsDeletedBeforeTheyWereReadMakeEveryViewBeReadAgain() throws Exception {
    Kafka.shared().createTopic(topic, 1);
    consumer = start(Duration.ofSeconds(15));
    assertThat(consumer.isHealthy()).isTrue();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      // The consumer thread stops inside the first notification, its position just behind it.
      sink.holdAt("first");
      send(producer, "first");
      assertThat(sink.held.await(30, TimeUnit.SECONDS)).isTrue();
      send(producer, "lost-1");
      send(producer, "lost-2");
      send(producer, "lost-3");
      // Kafka drops them (as retention would) before the consumer gets to read them.
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(4)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      sink.release.countDown();

      await().atMost(Duration.ofSeconds(30)).until(() -> sink.log.contains("SKIPPED"));
      send(producer, "after");
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.log.contains("after"));
    }
    assertThat(sink.log).containsExactly("first", "SKIPPED", "after");
    assertThat(troubles).containsExactly(GatewayListener.ConsumerTrouble.GAP);
    assertThat(consumer.isHealthy()).isTrue();
  }

  @Test
  void sessionsAcceptedBeforeTheTopicWasReadableHaveEveryViewReadOnceItIs() throws Exception {
    consumer = start(Duration.ofMillis(200));
    assertThat(consumer.isHealthy()).isFalse();
    assertThat(consumer.trouble()).isEqualTo("notification topic not readable");

    Kafka.shared().createTopic(topic, 2);
    await().atMost(Duration.ofSeconds(30)).until(consumer::isHealthy);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.log.contains("SKIPPED"));
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, "after");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.log.contains("after"));
    assertThat(sink.log).containsExactly("SKIPPED", "after");
    assertThat(troubles).isEmpty();
  }

  private NotificationConsumer start(Duration startupWait) {
    NotificationConsumer started =
        new NotificationConsumer(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false,
                // The fetch sent ahead while the test holds the consumer answers at once, before
                // the notifications to be deleted exist.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                0),
            topic,
            sink,
            new GatewayListener() {
              @Override
              public void consumerTrouble(ConsumerTrouble trouble) {
                troubles.add(trouble);
              }
            },
            new SimpleMeterRegistry(),
            startupWait);
    started.start();
    return started;
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  /** Sends a notification whose record id is {@code name}; returns once Kafka acknowledged it. */
  private void send(KafkaProducer<String, byte[]> producer, String name) throws Exception {
    ResourceChanged event =
        new ResourceChanged(
            UUID.randomUUID(),
            "acme",
            "tickets",
            "update",
            ActionType.UPDATE,
            name,
            List.of("tickets"),
            "alice",
            List.of("title"),
            Instant.now(),
            null,
            ResourceChanged.NO_POSITION);
    producer
        .send(new ProducerRecord<>(topic, event.tenant(), NotificationCodec.encode(event)))
        .get(30, TimeUnit.SECONDS);
  }

  /** Records notifications by record id and gaps as {@code SKIPPED}; can hold the consumer. */
  private static final class Recorder implements NotificationSink {
    final List<String> log = new CopyOnWriteArrayList<>();
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private volatile String holdAt;

    void holdAt(String recordId) {
      holdAt = recordId;
    }

    @Override
    public void notified(ResourceChanged event) {
      log.add(event.recordId());
      if (event.recordId().equals(holdAt)) {
        held.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void skipped() {
      log.add("SKIPPED");
    }
  }
}
