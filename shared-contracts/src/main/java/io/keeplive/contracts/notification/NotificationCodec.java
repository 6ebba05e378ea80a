package io.keeplive.contracts.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CloudEvents 1.0, JSON event format (structured content mode), for {@link ResourceChanged}.
 *
 * <p>Structured mode keeps the whole envelope in the record value, so any consumer that reads the
 * value alone gets the complete event; the relay additionally sets the {@code ce_id}, {@code
 * ce_type} and {@code traceparent} Kafka headers for tools that inspect headers only. Decoding is
 * total: a malformed value yields {@link Decoded.Malformed}, never an exception.
 */
public final class NotificationCodec {

  public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
  public static final String SOURCE = "/keeplive/resource-service";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private NotificationCodec() {}

  public static byte[] encode(ResourceChanged event) {
    // Formatted once: both time attributes carry the same instant.
    String time = event.occurredAt().toString();
    ObjectNode root = JSON.createObjectNode();
    root.put("specversion", "1.0");
    root.put("id", event.id().toString());
    root.put("source", SOURCE);
    root.put("type", event.eventType());
    root.put("subject", event.recordId());
    root.put("time", time);
    root.put("datacontenttype", "application/json");
    root.put("tenantid", event.tenant());
    if (event.traceparent() != null) {
      root.put("traceparent", event.traceparent());
    }
    ObjectNode data = root.putObject("data");
    data.put("resource", event.resource());
    data.put("action", event.action());
    data.put("action_type", event.actionType().wireName());
    data.put("record_id", event.recordId());
    ArrayNode topics = data.putArray("topics");
    event.topics().forEach(topics::add);
    data.put("actor_id", event.actorId());
    ArrayNode changed = data.putArray("changed");
    event.changed().forEach(changed::add);
    data.put("occurred_at", time);
    return JSON.writeValueAsBytes(root);
  }

  /** The result of decoding one Kafka record value. */
  public sealed interface Decoded {
    record Event(ResourceChanged event) implements Decoded {}

    record Malformed(String reason) implements Decoded {}
  }

  public static Decoded decode(byte[] value) {
    if (value == null) {
      return new Decoded.Malformed("empty value");
    }
    try {
      JsonNode root = JSON.readTree(new String(value, StandardCharsets.UTF_8));
      if (!root.isObject() || !"1.0".equals(text(root, "specversion"))) {
        return new Decoded.Malformed("not a CloudEvents 1.0 JSON event");
      }
      JsonNode data = root.get("data");
      if (data == null || !data.isObject()) {
        return new Decoded.Malformed("missing data");
      }
      String id = text(root, "id");
      String tenant = text(root, "tenantid");
      String resource = text(data, "resource");
      String action = text(data, "action");
      String recordId = text(data, "record_id");
      String occurredAt = text(data, "occurred_at");
      var actionType = ActionType.fromWire(text(data, "action_type"));
      if (id == null
          || tenant == null
          || resource == null
          || action == null
          || recordId == null
          || occurredAt == null
          || actionType.isEmpty()) {
        return new Decoded.Malformed("missing required attribute");
      }
      return new Decoded.Event(
          new ResourceChanged(
              UUID.fromString(id),
              tenant,
              resource,
              action,
              actionType.get(),
              recordId,
              strings(data.get("topics")),
              text(data, "actor_id"),
              strings(data.get("changed")),
              Instant.parse(occurredAt),
              text(root, "traceparent")));
    } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
      return new Decoded.Malformed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (JsonNode item : node) {
        if (item.isString()) {
          out.add(item.asString());
        }
      }
    }
    return out;
  }
}
