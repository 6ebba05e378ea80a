package io.keeplive.relay.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.relay.kafka.KafkaPublishing;
import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RecordingListener;
import io.keeplive.relay.testing.Relays;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Relay throughput from a pre-filled outbox to Kafka, against a raw {@link KafkaProducer} sending
 * records of the same key, value and header sizes to the same broker with the same delivery
 * settings (idempotent, {@code acks=all}) in the same run. Not a pass/fail test: it prints and
 * writes the figures to {@code target/benchmark-relay.txt}. Knobs: {@code -Dbenchmark.rows}
 * (default 200000), {@code -Dbenchmark.tenants} (default 1000), {@code -Dbenchmark.lanes} (default
 * 2), {@code -Dbenchmark.batch} (default 2000), {@code -Dbenchmark.rounds} (default 3). Raw and
 * relay runs alternate, so both see the same background load; the report lists every round and the
 * best of each.
 */
@Tag("benchmark")
class RelayThroughputBenchmark {

  private final int rows = Integer.getInteger("benchmark.rows", 200_000);
  private final int tenants = Integer.getInteger("benchmark.tenants", 1_000);
  private final int lanes = Integer.getInteger("benchmark.lanes", 2);
  private final int batchSize = Integer.getInteger("benchmark.batch", 2_000);
  private final int rounds = Integer.getInteger("benchmark.rounds", 3);
  private static final int PARTITIONS = 12;

  @Test
  void relayThroughputComparedWithARawProducer() throws Exception {
    String bootstrap = Kafka.shared().bootstrapServers();
    int perTenant = rows / tenants;
    int total = perTenant * tenants;
    List<String> tenantIds = new ArrayList<>();
    for (int i = 0; i < tenants; i++) {
      tenantIds.add("tenant-" + UUID.randomUUID());
    }
    // Warm both paths up so that neither pays for class loading, JIT or metadata in a timed run.
    rawProducerRun(bootstrap, tenantIds, 20_000);
    relayRun(bootstrap, tenantIds, 20_000 / tenants + 1);

    // Alternate the two so that both see the same background load; the best of each counts.
    double bestRaw = 0;
    double bestRelay = 0;
    StringBuilder runs = new StringBuilder();
    for (int round = 1; round <= rounds; round++) {
      double raw = total / rawProducerRun(bootstrap, tenantIds, total);
      double relay = total / relayRun(bootstrap, tenantIds, perTenant);
      bestRaw = Math.max(bestRaw, raw);
      bestRelay = Math.max(bestRelay, relay);
      runs.append(
          String.format(
              Locale.ROOT,
              "round %d: raw producer %.0f records/s, relay %.0f notifications/s, ratio %.2f%n",
              round,
              raw,
              relay,
              relay / raw));
    }
    String report =
        String.format(
                Locale.ROOT,
                "rows=%d tenants=%d lanes=%d batch=%d value_bytes=%d rounds=%d%n",
                total,
                tenants,
                lanes,
                batchSize,
                sampleValue(tenantIds.get(0)).length,
                rounds)
            + runs
            + String.format(
                Locale.ROOT,
                "best raw producer: %.0f records/s%nbest relay: %.0f notifications/s%n"
                    + "ratio of bests relay/raw: %.2f%n",
                bestRaw,
                bestRelay,
                bestRelay / bestRaw);
    System.out.print(report);
    write(Path.of("target", "benchmark-relay.txt"), report);
  }

  /** Pre-fills a fresh outbox, then times one relay instance until all rows are acknowledged. */
  private double relayRun(String bootstrap, List<String> tenantIds, int perTenant)
      throws Exception {
    Postgres.Database database = Postgres.shared().newDatabase("relay_benchmark").migrate();
    OutboxWrites writes = new OutboxWrites(database);
    writes.fill(tenantIds, perTenant);
    int total = perTenant * tenantIds.size();
    String topic = "bench-relay-" + UUID.randomUUID();
    createSettledTopic(bootstrap, topic);
    RecordingListener listener = new RecordingListener();
    OutboxRelay.Settings settings =
        Relays.withBatch(Relays.withLanes(Relays.fastSettings(), lanes), batchSize);
    KafkaPublishing kafka =
        new KafkaPublishing(
            new KafkaPublishing.Settings(topic, PARTITIONS, (short) 1, true),
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            listener);
    long start = System.nanoTime();
    try (OutboxRelay relay =
        new OutboxRelay(settings, Relays.connections(database), kafka, listener)) {
      relay.start();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> listener.published.get() >= total);
      double elapsed = seconds(System.nanoTime() - start);
      await().atMost(Duration.ofSeconds(30)).until(() -> writes.remaining() == 0);
      return elapsed;
    }
  }

  /** Sends {@code count} records like the relay's and waits for every acknowledgement. */
  private static double rawProducerRun(String bootstrap, List<String> tenants, int count)
      throws Exception {
    String topic = "bench-raw-" + UUID.randomUUID();
    createSettledTopic(bootstrap, topic);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      producer.partitionsFor(topic);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        String tenant = tenants.get(i % tenants.size());
        ResourceChanged event = sampleEvent(tenant);
        // The same headers as the relay's records (no traceparent: the filled rows have none).
        RecordHeaders headers = new RecordHeaders();
        headers.add(
            "content-type", NotificationCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", event.id().toString().getBytes(StandardCharsets.UTF_8));
        headers.add("ce_type", event.eventType().getBytes(StandardCharsets.UTF_8));
        producer.send(
            new ProducerRecord<>(topic, null, tenant, NotificationCodec.encode(event), headers),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
      double elapsed = seconds(System.nanoTime() - start);
      assertThat(failure.get()).isNull();
      return elapsed;
    }
  }

  /**
   * Creates a topic and writes one record to each partition with a plain (non-idempotent) producer,
   * so that the timed producers never race the broker's creation of the partitions.
   */
  private static void createSettledTopic(String bootstrap, String topic) throws Exception {
    Kafka.shared().createTopic(topic, PARTITIONS);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        sent.add(producer.send(new ProducerRecord<>(topic, partition, "settle", new byte[1])));
      }
      for (java.util.concurrent.Future<?> future : sent) {
        future.get();
      }
    }
  }

  /** A value shaped like the relay's: same codec, same field lengths as the filled rows. */
  private static byte[] sampleValue(String tenant) {
    return NotificationCodec.encode(sampleEvent(tenant));
  }

  private static ResourceChanged sampleEvent(String tenant) {
    String recordId = UUID.randomUUID().toString();
    return (new ResourceChanged(
        UUID.randomUUID(),
        tenant,
        "tickets",
        "update",
        ActionType.UPDATE,
        recordId,
        List.of("tickets", "ticket:" + recordId),
        "alice",
        List.of("status"),
        Instant.now(),
        null));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
