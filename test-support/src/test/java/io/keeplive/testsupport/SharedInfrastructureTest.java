package io.keeplive.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfrastructureTest {

  @Test
  void sharedPostgresIsOneServerAndMigratesTheOutbox() throws Exception {
    assertThat(Postgres.shared()).isSameAs(Postgres.shared());
    Postgres.Database database = Postgres.shared().newDatabase("infra").migrate();
    try (var connection = database.connect();
        Statement statement = connection.createStatement()) {
      ResultSet rs = statement.executeQuery("SELECT count(*) FROM outbox");
      rs.next();
      assertThat(rs.getInt(1)).isZero();
      ResultSet version = statement.executeQuery("SHOW server_version_num");
      version.next();
      assertThat(version.getInt(1)).isGreaterThanOrEqualTo(160000);
    }
  }

  @Test
  void sharedKafkaRoundTripsARecord() throws Exception {
    Kafka kafka = Kafka.shared();
    assertThat(Kafka.shared()).isSameAs(kafka);
    kafka.createTopic("infra-roundtrip", 2);
    kafka.createTopic("infra-roundtrip", 2);
    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (var producer = new KafkaProducer<String, String>(producerConfig)) {
      producer.send(new ProducerRecord<>("infra-roundtrip", "acme", "hello")).get();
    }
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "infra",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class);
    try (var consumer = new KafkaConsumer<String, String>(consumerConfig)) {
      consumer.subscribe(List.of("infra-roundtrip"));
      String value = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (value == null && System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          value = record.value();
        }
      }
      assertThat(value).isEqualTo("hello");
    }
  }
}
