package io.keeplive.stack.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The published protocol reference is what the gateway really sends: every message type the gateway
 * can send is provoked on the real stack and every frame received is validated against docs/schemas
 * (its own schema and the union of server messages). The Kafka records the relay really publishes
 * are validated against the envelope schema.
 */
class GatewayMessagesMatchSchemasEndToEndTest {

  /** Every type ServerMessages renders. */
  private static final Set<String> GATEWAY_TYPES =
      Set.of(
          "auth_ok", "result", "insert", "update", "delete", "complete", "error", "pong", "synced");

  private static final Duration WAIT = Duration.ofSeconds(10);
  private final MessageSchemas schemas = new MessageSchemas();

  @Test
  void everyMessageTypeTheGatewaySendsConformsToItsPublishedSchema() {
    EmbeddedStack stack = SharedStack.get();
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("schema-admin", tenant, "admin");
    Api api = SharedStack.api(token);
    try (LiveClient client = LiveClient.authenticated(stack.gatewayUrl().toString(), token)) {
      client.send("{\"type\":\"ping\"}");
      client.await(m -> LiveClient.type(m).equals("pong"), WAIT);

      client.send(
          "{\"type\":\"subscribe\",\"id\":\"s\",\"resource\":\"tickets\","
              + "\"sort\":[\"-updated_at\"],\"limit\":50,\"mode\":\"stream\"}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"r\",\"resource\":\"tickets\","
              + "\"filter\":{\"status\":{\"in\":[\"open\",\"in_progress\"]}},\"limit\":50}");
      client.awaitResult("s", r -> true, WAIT);
      client.awaitResult("r", r -> true, WAIT);

      String id = api.createTicket("schema check").id();
      client.await(m -> isFor(m, "s", "insert"), WAIT);
      client.awaitResult("r", r -> r.get("rows").size() == 1, WAIT);
      api.updateTicket(id, Map.of("status", "in_progress"));
      client.await(m -> isFor(m, "s", "update"), WAIT);
      api.deleteTicket(id);
      client.await(m -> isFor(m, "s", "delete"), WAIT);
      client.awaitResult("r", r -> r.get("rows").isEmpty(), WAIT);

      client.send(
          "{\"type\":\"subscribe\",\"id\":\"one\",\"resource\":\"tickets\",\"key\":\""
              + UUID.randomUUID()
              + "\"}");
      client.awaitResult("one", r -> r.get("rows").isEmpty(), WAIT);

      // §4.2 and §4.3: a window with has_more and next, the window after it, an unchanged resume.
      api.createTicket("window one");
      api.createTicket("window two");
      String window =
          "{\"type\":\"subscribe\",\"id\":\"w\",\"resource\":\"tickets\","
              + "\"sort\":[\"-updated_at\"],\"limit\":1}";
      client.send(window);
      JsonNode first = client.awaitResult("w", r -> r.get("has_more").asBoolean(), WAIT);
      client.send(
          window
              .replace("\"w\"", "\"w2\"")
              .replace("1}", "1,\"after\":" + first.get("next") + "}"));
      client.awaitResult("w2", r -> r.has("next"), WAIT);
      client.send(
          window.replace("\"w\"", "\"w3\"").replace("1}", "1,\"etag\":" + first.get("etag") + "}"));
      client.await(m -> isFor(m, "w3", "result") && m.has("unchanged"), WAIT);

      client.send("{\"type\":\"unsubscribe\",\"id\":\"r\"}");
      client.await(m -> isFor(m, "r", "complete"), WAIT);

      // Errors: unreadable frame (no id), refused subscription (id + seq), unknown resource.
      client.send("{not json");
      client.send("{\"type\":\"subscribe\",\"id\":\"bad\",\"resource\":\"tickets\",\"limit\":0}");
      client.send("{\"type\":\"subscribe\",\"id\":\"nope\",\"resource\":\"no_such_thing\"}");
      client.await(m -> isFor(m, "nope", "error"), WAIT);
      client.await(m -> isFor(m, "bad", "error"), WAIT);

      // §4.1: synced, and an error about one sync (ref, no id).
      client.send("{\"type\":\"sync\",\"ref\":\"x1\",\"position\":\"1\"}");
      client.send("{\"type\":\"sync\",\"ref\":\"x2\",\"position\":\"one\"}");
      client.await(m -> LiveClient.type(m).equals("synced"), WAIT);
      client.await(m -> LiveClient.type(m).equals("error") && m.has("ref"), WAIT);

      List<String> problems = new ArrayList<>();
      Set<String> seen = new TreeSet<>();
      for (JsonNode message : client.messages()) {
        seen.add(LiveClient.type(message));
        for (String problem : schemas.serverMessageProblems(message)) {
          problems.add(message + " → " + problem);
        }
      }
      assertThat(problems).as("gateway messages that break docs/schemas").isEmpty();
      assertThat(seen).containsAll(GATEWAY_TYPES);
      assertThat(client.messages())
          .filteredOn(
              m -> Set.of("result", "insert", "update", "delete").contains(LiveClient.type(m)))
          .as("§4.1: every data message carries at")
          .allMatch(m -> m.has("at") && m.get("at").isString());
    }
  }

  @Test
  void theRelaysKafkaRecordsConformToTheNotificationSchema() {
    EmbeddedStack stack = SharedStack.get();
    String tenant = TestTokens.randomTenant();
    Api api = SharedStack.api(TestTokens.token("schema-kafka", tenant, "admin"));
    String id = api.createTicket("on the topic").id();
    api.assign(id, "someone");

    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<JsonNode> ours = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(SharedStack.TOPIC).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ours.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (tenant.equals(record.key())) {
            ours.add(LiveClient.parse(new String(record.value(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    assertThat(ours).as("records of the tenant on the topic").hasSize(2);
    for (JsonNode event : ours) {
      assertThat(schemas.problems("kafka/notification.json", event)).as(event.toString()).isEmpty();
    }
  }

  private static boolean isFor(JsonNode message, String id, String type) {
    return LiveClient.type(message).equals(type) && id.equals(message.path("id").asString(""));
  }
}
