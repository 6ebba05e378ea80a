package io.keeplive.chaos.check;

import io.keeplive.chaos.workload.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * The Kafka side, read end to end with a plain consumer: every committed outbox row (the audit
 * trigger's copy) is on the topic at least once, and each tenant's first deliveries follow outbox
 * position order, which is commit order per tenant.
 */
public final class KafkaChecks {

  /** An outbox row as the audit trigger recorded it at commit. */
  public record Committed(long position, String id, String tenant, String recordId) {}

  /** What the topic held: per tenant the event ids in offset order (duplicates included). */
  public record Topic(Map<String, List<String>> idsByTenant, long records) {}

  private KafkaChecks() {}

  public static List<Committed> committed(String jdbcUrl, String tenantPrefix) throws SQLException {
    List<Committed> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT position, id, tenant_id, record_id FROM chaos_outbox_audit WHERE tenant_id"
                    + " LIKE '"
                    + tenantPrefix
                    + "%' ORDER BY position")) {
      while (result.next()) {
        rows.add(
            new Committed(
                result.getLong(1), result.getString(2), result.getString(3), result.getString(4)));
      }
    }
    return rows;
  }

  /** Reads the topic from the start until every id in {@code expected} was seen or time ran out. */
  public static Topic read(String bootstrap, String topic, Set<String> expected, Duration timeout) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, List<String>> byTenant = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    long records = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (!seen.containsAll(expected) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          records++;
          JsonNode event = Json.parse(record.value());
          String id = Json.text(event, "id");
          seen.add(id);
          byTenant.computeIfAbsent(Json.text(event, "tenantid"), t -> new ArrayList<>()).add(id);
        }
      }
    }
    return new Topic(byTenant, records);
  }

  /** Checks publication and order; returns the number of duplicate deliveries. */
  public static long check(List<Committed> committed, Topic topic, Violations violations) {
    Map<String, Long> positions = new HashMap<>();
    committed.forEach(row -> positions.put(row.id(), row.position()));
    Set<String> published = new HashSet<>();
    topic.idsByTenant().values().forEach(published::addAll);
    for (Committed row : committed) {
      if (!published.contains(row.id())) {
        violations.add(Property.UNPUBLISHED, row.toString());
      }
    }
    long duplicates = 0;
    for (Map.Entry<String, List<String>> tenant : topic.idsByTenant().entrySet()) {
      Set<String> first = new HashSet<>();
      long previous = Long.MIN_VALUE;
      for (String id : tenant.getValue()) {
        if (!first.add(id)) {
          duplicates++;
          continue;
        }
        Long position = positions.get(id);
        if (position == null) {
          continue; // another run's tenant or a row before the audit existed
        }
        if (position < previous) {
          violations.add(
              Property.KAFKA_ORDER,
              tenant.getKey() + ": position " + position + " after " + previous);
        }
        previous = Math.max(previous, position);
      }
    }
    return duplicates;
  }
}
