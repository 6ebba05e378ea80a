package io.keeplive.relay.testing;

import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.ResourceChanged;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning, partition by partition, and keeps what it saw. */
public final class TopicReader implements AutoCloseable {

  /** One record as a consumer sees it. */
  public record Seen(
      int partition, long offset, String key, ResourceChanged event, Map<String, String> headers) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<Seen> seen = new ArrayList<>();
  private final String topic;
  private final String bootstrapServers;
  private boolean assigned;

  public TopicReader(String bootstrapServers, String topic) {
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(config);
  }

  /** Polls once (assigning all partitions when the topic has appeared) and returns all seen. */
  public synchronized List<Seen> poll() {
    if (!assigned) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (partitions == null || partitions.isEmpty()) {
        return List.copyOf(seen);
      }
      List<TopicPartition> all = new ArrayList<>();
      partitions.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
      consumer.assign(all);
      consumer.seekToBeginning(all);
      assigned = true;
    }
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      Map<String, String> headers = new HashMap<>();
      for (Header header : record.headers()) {
        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
      var decoded = NotificationCodec.decode(record.value());
      if (!(decoded instanceof NotificationCodec.Decoded.Event event)) {
        throw new AssertionError("malformed record: " + decoded);
      }
      seen.add(new Seen(record.partition(), record.offset(), record.key(), event.event(), headers));
    }
    return List.copyOf(seen);
  }

  public synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Distinct ids seen. */
  public synchronized long distinctIds() {
    return seen.stream().map(s -> s.event().id()).distinct().count();
  }

  /**
   * Per tenant, the ids in the order of their first delivery (partition order; duplicates after the
   * first are dropped, as an idempotent consumer would).
   */
  public synchronized Map<String, List<UUID>> firstDeliveryOrderByTenant() {
    Map<String, List<UUID>> byTenant = new LinkedHashMap<>();
    Map<String, Set<UUID>> already = new HashMap<>();
    List<Seen> ordered = new ArrayList<>(seen);
    ordered.sort(Comparator.comparingInt(Seen::partition).thenComparingLong(Seen::offset));
    for (Seen s : ordered) {
      if (already.computeIfAbsent(s.key(), k -> new HashSet<>()).add(s.event().id())) {
        byTenant.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.event().id());
      }
    }
    return byTenant;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
