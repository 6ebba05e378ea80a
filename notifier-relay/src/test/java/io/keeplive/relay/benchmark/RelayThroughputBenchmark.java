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
import io.keeplive.testsupport.BenchmarkJson;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
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
 * settings (idempotent, {@code acks=all}, {@code linger.ms=5}, {@code batch.size=128 KiB}) in the
 * same run. Not a pass/fail test: it prints the figures and writes them to {@code
 * target/benchmarks/relay.md} and, as JSON, {@code target/benchmarks/relay.json}.
 *
 * <p>Both sides are timed the same way: from the moment records are there to send until Kafka has
 * acknowledged the last one, with the client already connected and knowing the topic. The raw side
 * uses (by default) one producer per relay lane, each on its own thread with whole tenants (as a
 * lane has whole shards), events made before the clock; it runs twice per round, encoding each
 * value in the timed loop (the codec work the relay also does) and with values encoded beforehand
 * (Kafka alone). Its clock runs from the first {@code send} to the end of the last {@code flush()},
 * on producers that have fetched the topic's metadata. For the relay it is the commit of the
 * pre-fill to the last acknowledgement, on a relay that is already running (sessions open, shards
 * owned, producer connected by a warm-up batch): the pre-fill is one transaction, so the relay sees
 * no row before the clock starts and every row after it.
 *
 * <p>By default the broker runs in a child JVM of its own ({@code -Dbenchmark.broker=child}; {@code
 * shared} uses the suite's in-JVM broker), so the broker's GC pauses and JIT compilations are not
 * charged to whichever side is being measured. Knobs: {@code -Dbenchmark.rows} (default 200000),
 * {@code -Dbenchmark.tenants} (default 1000), {@code -Dbenchmark.lanes} (default 2), {@code
 * -Dbenchmark.batch} (default 2000), {@code -Dbenchmark.rounds} (default 5), {@code
 * -Dbenchmark.rawProducers} (default: as many as lanes; 1 is a single producer on one thread). Each
 * round runs both, alternating which goes first; the report lists every round, the median of the
 * per-round ratios and the best of each side.
 */
@Tag("benchmark")
class RelayThroughputBenchmark {

  private final int rows = Integer.getInteger("benchmark.rows", 200_000);
  private final int tenants = Integer.getInteger("benchmark.tenants", 1_000);
  private final int lanes = Integer.getInteger("benchmark.lanes", 2);
  private final int batchSize = Integer.getInteger("benchmark.batch", 2_000);
  private final int rounds = Integer.getInteger("benchmark.rounds", 5);
  private final String broker = System.getProperty("benchmark.broker", "child");
  private final int rawProducers = Integer.getInteger("benchmark.rawProducers", lanes);
  private static final int PARTITIONS = 12;

  @Test
  void relayThroughputComparedWithARawProducer() throws Exception {
    boolean child = broker.equals("child");
    Kafka kafka =
        child ? Kafka.startInChildJvm(List.of("-XX:+UseParallelGC", "-Xmx1g")) : Kafka.shared();
    try {
      measure(kafka);
    } finally {
      if (child) {
        kafka.close();
      }
    }
  }

  private void measure(Kafka kafka) throws Exception {
    int perTenant = rows / tenants;
    int total = perTenant * tenants;
    List<String> tenantIds = new ArrayList<>();
    for (int i = 0; i < tenants; i++) {
      tenantIds.add("tenant-" + UUID.randomUUID());
    }
    // Warm all three up so that none pays for class loading or JIT in a timed run.
    for (int i = 0; i < 2; i++) {
      rawProducerRun(kafka, tenantIds, total / 2, rawProducers, true);
      rawProducerRun(kafka, tenantIds, total / 2, rawProducers, false);
      relayRun(kafka, tenantIds, perTenant / 2);
    }

    // Alternate them (and which goes first) so that all see the same background load.
    double bestRaw = 0;
    double bestKafka = 0;
    double bestRelay = 0;
    List<Double> ratios = new ArrayList<>();
    List<Double> kafkaRatios = new ArrayList<>();
    StringBuilder runs = new StringBuilder();
    List<Map<String, Object>> roundFigures = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double raw;
      double kafkaOnly;
      double relay;
      if (round % 2 == 1) {
        raw = total / rawProducerRun(kafka, tenantIds, total, rawProducers, true);
        kafkaOnly = total / rawProducerRun(kafka, tenantIds, total, rawProducers, false);
        relay = total / relayRun(kafka, tenantIds, perTenant);
      } else {
        relay = total / relayRun(kafka, tenantIds, perTenant);
        kafkaOnly = total / rawProducerRun(kafka, tenantIds, total, rawProducers, false);
        raw = total / rawProducerRun(kafka, tenantIds, total, rawProducers, true);
      }
      bestRaw = Math.max(bestRaw, raw);
      bestKafka = Math.max(bestKafka, kafkaOnly);
      bestRelay = Math.max(bestRelay, relay);
      ratios.add(relay / raw);
      kafkaRatios.add(relay / kafkaOnly);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("raw_producer_records_per_second", raw);
      figures.put("raw_producer_pre_encoded_records_per_second", kafkaOnly);
      figures.put("relay_notifications_per_second", relay);
      figures.put("relay_over_raw", relay / raw);
      figures.put("relay_over_raw_pre_encoded", relay / kafkaOnly);
      roundFigures.add(figures);
      runs.append(
          String.format(
              Locale.ROOT,
              "round %d: raw producer %.0f records/s (pre-encoded %.0f), relay %.0f"
                  + " notifications/s, ratio %.2f (vs pre-encoded %.2f)%n",
              round,
              raw,
              kafkaOnly,
              relay,
              relay / raw,
              relay / kafkaOnly));
    }
    String report =
        String.format(
                Locale.ROOT,
                "rows=%d tenants=%d lanes=%d (raw producers: %d) batch=%d value_bytes=%d rounds=%d"
                    + " broker=%s%n",
                total,
                tenants,
                lanes,
                rawProducers,
                batchSize,
                sampleValue(tenantIds.get(0)).length,
                rounds,
                broker)
            + runs
            + String.format(
                Locale.ROOT,
                "median of per-round ratios relay/raw: %.2f (min %.2f, max %.2f)%n"
                    + "median of per-round ratios relay/raw pre-encoded: %.2f (min %.2f, max %.2f)%n"
                    + "best raw producer: %.0f records/s (pre-encoded %.0f)%n"
                    + "best relay: %.0f notifications/s%n"
                    + "ratio of bests relay/raw: %.2f (vs pre-encoded %.2f)%n",
                median(ratios),
                min(ratios),
                max(ratios),
                median(kafkaRatios),
                min(kafkaRatios),
                max(kafkaRatios),
                bestRaw,
                bestKafka,
                bestRelay,
                bestRelay / bestRaw,
                bestRelay / bestKafka);
    System.out.print(report);
    write(Path.of("target", "benchmarks", "relay.md"), report);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rows", total);
    json.put("tenants", tenants);
    json.put("lanes", lanes);
    json.put("raw_producers", rawProducers);
    json.put("batch", batchSize);
    json.put("value_bytes", sampleValue(tenantIds.get(0)).length);
    json.put("broker", broker);
    json.put("rounds", roundFigures);
    json.put("median_relay_over_raw", median(ratios));
    json.put("min_relay_over_raw", min(ratios));
    json.put("max_relay_over_raw", max(ratios));
    json.put("median_relay_over_raw_pre_encoded", median(kafkaRatios));
    json.put("best_raw_producer_records_per_second", bestRaw);
    json.put("best_raw_producer_pre_encoded_records_per_second", bestKafka);
    json.put("best_relay_notifications_per_second", bestRelay);
    json.put("ratio_of_bests_relay_over_raw", bestRelay / bestRaw);
    BenchmarkJson.write("relay", json);
  }

  /**
   * One relay instance, already running and warmed up on a fresh outbox; times it from the commit
   * of a one-transaction pre-fill of {@code perTenant} rows per tenant until all are acknowledged.
   */
  private double relayRun(Kafka kafka, List<String> tenantIds, int perTenant) throws Exception {
    Postgres.Database database = Postgres.shared().newDatabase("relay_benchmark").migrate();
    OutboxWrites writes = new OutboxWrites(database);
    int total = perTenant * tenantIds.size();
    String topic = "bench-relay-" + UUID.randomUUID();
    createSettledTopic(kafka, topic);
    RecordingListener listener = new RecordingListener();
    KafkaPublishing publishing =
        new KafkaPublishing(
            new KafkaPublishing.Settings(topic, PARTITIONS, (short) 1, true, true),
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            listener);
    try (OutboxRelay relay =
        new OutboxRelay(serviceSettings(), Relays.connections(database), publishing, listener)) {
      relay.start();
      // Warm-up batch: the lanes own their shards and each lane's producer is connected.
      writes.fillAtOnce(tenantIds, 1);
      int warmUp = tenantIds.size();
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> listener.published.get() >= warmUp && writes.remaining() == 0);
      writes.fillAtOnce(tenantIds, perTenant);
      long start = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> listener.published.get() >= warmUp + total);
      double elapsed = seconds(System.nanoTime() - start);
      await().atMost(Duration.ofSeconds(30)).until(() -> writes.remaining() == 0);
      assertThat(listener.errors).isEmpty();
      return elapsed;
    }
  }

  /**
   * The service's defaults ({@code RelayProperties}), with the benchmark's lanes and batch size:
   * the test suite's fast settings would rebalance and sample the backlog every 200 ms.
   */
  private OutboxRelay.Settings serviceSettings() {
    return new OutboxRelay.Settings(
        batchSize,
        Duration.ofMillis(500),
        true,
        lanes,
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * Sends {@code count} records like the relay's from {@code producers} threads, each with its own
   * producer (as each relay lane has), and waits for every acknowledgement. The events are made
   * before the clock starts; with {@code encodeInLoop} each is encoded in the timed loop (the same
   * codec work the relay does per row), otherwise values and headers are encoded beforehand too and
   * the clock sees Kafka alone.
   */
  private static double rawProducerRun(
      Kafka kafka, List<String> tenants, int count, int producers, boolean encodeInLoop)
      throws Exception {
    String topic = "bench-raw-" + UUID.randomUUID();
    createSettledTopic(kafka, topic);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // Each thread gets whole tenants, as each lane gets whole shards.
    List<List<ResourceChanged>> events = new ArrayList<>();
    List<List<ProducerRecord<String, byte[]>>> encoded = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      events.add(new ArrayList<>());
      encoded.add(new ArrayList<>());
    }
    for (int i = 0; i < count; i++) {
      int tenant = i % tenants.size();
      ResourceChanged event = sampleEvent(tenants.get(tenant));
      int p = tenant % producers;
      if (encodeInLoop) {
        events.get(p).add(event);
      } else {
        encoded.get(p).add(record(topic, event));
      }
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<KafkaProducer<String, byte[]>> clients = new ArrayList<>();
    try {
      for (int p = 0; p < producers; p++) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        producer.partitionsFor(topic);
        clients.add(producer);
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        KafkaProducer<String, byte[]> producer = clients.get(p);
        List<ResourceChanged> mine = events.get(p);
        List<ProducerRecord<String, byte[]>> ready = encoded.get(p);
        Thread thread =
            new Thread(
                () -> {
                  try {
                    go.await();
                    Callback callback =
                        (metadata, exception) -> {
                          if (exception != null) {
                            failure.compareAndSet(null, exception);
                          }
                        };
                    if (encodeInLoop) {
                      for (ResourceChanged event : mine) {
                        producer.send(record(topic, event), callback);
                      }
                    } else {
                      for (ProducerRecord<String, byte[]> record : ready) {
                        producer.send(record, callback);
                      }
                    }
                    producer.flush();
                  } catch (Exception e) {
                    failure.compareAndSet(null, e);
                  }
                },
                "bench-raw-producer-" + p);
        thread.start();
        threads.add(thread);
      }
      long start = System.nanoTime();
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      double elapsed = seconds(System.nanoTime() - start);
      assertThat(failure.get()).isNull();
      return elapsed;
    } finally {
      clients.forEach(KafkaProducer::close);
    }
  }

  /** A record like the relay's: key = tenant, value = the codec's, the same three headers. */
  private static ProducerRecord<String, byte[]> record(String topic, ResourceChanged event) {
    // No traceparent header: the filled rows have none.
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", NotificationCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", event.id().toString().getBytes(StandardCharsets.UTF_8));
    headers.add("ce_type", event.eventType().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic, null, event.tenant(), NotificationCodec.encode(event), headers);
  }

  /**
   * Creates a topic and writes one record to each partition with a plain (non-idempotent) producer,
   * so that the timed producers never race the broker's creation of the partitions.
   */
  private static void createSettledTopic(Kafka kafka, String topic) throws Exception {
    kafka.createTopic(topic, PARTITIONS);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      List<Future<?>> sent = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        sent.add(producer.send(new ProducerRecord<>(topic, partition, "settle", new byte[1])));
      }
      for (Future<?> future : sent) {
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
        null,
        ResourceChanged.NO_POSITION));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
