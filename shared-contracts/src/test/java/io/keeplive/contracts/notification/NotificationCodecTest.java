package io.keeplive.contracts.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class NotificationCodecTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ResourceChanged event(String traceparent) {
    return new ResourceChanged(
        UUID.fromString("0b7e7c35-3f0c-4c53-9d8e-1f2a3b4c5d6e"),
        "acme",
        "tickets",
        "assign",
        ActionType.UPDATE,
        "t-42",
        List.of("tickets", "tickets:user:bob", "ticket:t-42"),
        "alice",
        List.of("assignee_id", "updated_at"),
        Instant.parse("2026-11-27T13:45:00.123456Z"),
        traceparent,
        9_007_199_254_740_993L);
  }

  @Test
  void encodesTheCloudEventsEnvelopeOfTheSpec() {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    JsonNode root = JSON.readTree(NotificationCodec.encode(event(traceparent)));

    assertThat(root.get("specversion").asString()).isEqualTo("1.0");
    assertThat(root.get("id").asString()).isEqualTo("0b7e7c35-3f0c-4c53-9d8e-1f2a3b4c5d6e");
    assertThat(root.get("source").asString()).isEqualTo(NotificationCodec.SOURCE);
    assertThat(root.get("type").asString()).isEqualTo("keeplive.tickets.assign");
    assertThat(root.get("subject").asString()).isEqualTo("t-42");
    assertThat(root.get("time").asString()).isEqualTo("2026-11-27T13:45:00.123456Z");
    assertThat(root.get("datacontenttype").asString()).isEqualTo("application/json");
    assertThat(root.get("tenantid").asString()).isEqualTo("acme");
    assertThat(root.get("traceparent").asString()).isEqualTo(traceparent);
    JsonNode data = root.get("data");
    assertThat(data.propertyNames())
        .containsExactly(
            "resource",
            "action",
            "action_type",
            "record_id",
            "topics",
            "actor_id",
            "changed",
            "occurred_at",
            "position");
    // Above 2^53, so a JSON number would lose it in JavaScript: the envelope writes a string.
    assertThat(data.get("position").isString()).isTrue();
    assertThat(data.get("position").asString()).isEqualTo("9007199254740993");
    assertThat(data.get("action_type").asString()).isEqualTo("update");
    assertThat(data.get("topics").valueStream().map(JsonNode::asString))
        .containsExactly("tickets", "tickets:user:bob", "ticket:t-42");
    assertThat(data.get("changed").valueStream().map(JsonNode::asString))
        .containsExactly("assignee_id", "updated_at");
    assertThat(data.get("occurred_at").asString()).isEqualTo("2026-11-27T13:45:00.123456Z");
  }

  @Test
  void leavesOutAMissingTraceparent() {
    JsonNode root = JSON.readTree(NotificationCodec.encode(event(null)));
    assertThat(root.has("traceparent")).isFalse();
  }

  @Test
  void anyTextSurvivesTheRoundTrip() {
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < 2_000; i++) {
      ResourceChanged event =
          new ResourceChanged(
              UUID.randomUUID(),
              text(random),
              text(random),
              text(random),
              ActionType.values()[random.nextInt(ActionType.values().length)],
              text(random),
              texts(random),
              text(random),
              texts(random),
              Instant.ofEpochSecond(
                  random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)),
              random.nextBoolean() ? null : text(random),
              random.nextInt(4) == 0
                  ? ResourceChanged.NO_POSITION
                  : random.nextLong(1, Long.MAX_VALUE));

      byte[] value = NotificationCodec.encode(event);

      assertThat(NotificationCodec.decode(value))
          .as(new String(value, StandardCharsets.UTF_8))
          .isEqualTo(new NotificationCodec.Decoded.Event(event));
    }
  }

  @Test
  void anEnvelopeWithoutPositionDecodesAsPositionUnknown() {
    ObjectNode root = (ObjectNode) JSON.readTree(NotificationCodec.encode(event(null)));
    ((ObjectNode) root.get("data")).remove("position");

    var decoded = NotificationCodec.decode(JSON.writeValueAsBytes(root));

    assertThat(decoded).isInstanceOf(NotificationCodec.Decoded.Event.class);
    assertThat(((NotificationCodec.Decoded.Event) decoded).event().hasPosition()).isFalse();
  }

  @Test
  void aPositionThatIsNotAPositiveDecimalStringIsMalformed() {
    for (JsonNode bad :
        List.<JsonNode>of(
            JSON.getNodeFactory().numberNode(12),
            JSON.getNodeFactory().stringNode("0"),
            JSON.getNodeFactory().stringNode("-3"),
            JSON.getNodeFactory().stringNode("1e3"),
            JSON.getNodeFactory().stringNode(" 12"),
            JSON.getNodeFactory().stringNode("99999999999999999999"))) {
      ObjectNode root = (ObjectNode) JSON.readTree(NotificationCodec.encode(event(null)));
      ((ObjectNode) root.get("data")).set("position", bad);

      assertThat(NotificationCodec.decode(JSON.writeValueAsBytes(root)))
          .as(bad.toString())
          .isInstanceOf(NotificationCodec.Decoded.Malformed.class);
    }
  }

  /** Quotes, backslashes, control characters, non-Latin and astral characters. */
  private static String text(SplittableRandom random) {
    String alphabet = "ab\"\\/\n\t\u0000\u001f\u2028é中";
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(10) == 0) {
        out.appendCodePoint(0x1F600 + random.nextInt(50));
      } else {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return out.toString();
  }

  private static List<String> texts(SplittableRandom random) {
    List<String> out = new ArrayList<>();
    int size = random.nextInt(4);
    for (int i = 0; i < size; i++) {
      out.add(text(random));
    }
    return out;
  }
}
