package io.keeplive.resource.rest;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of a record, used by REST and by the live API alike, so a live row is byte for
 * byte what {@code GET} returns: ids and instants as strings (ISO-8601, UTC), sets as arrays.
 */
public final class RowJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RowJson() {}

  public static ObjectNode of(Map<String, ?> record) {
    ObjectNode node = NODES.objectNode();
    record.forEach((name, value) -> node.set(name, value(value)));
    return node;
  }

  public static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.stringNode(s);
    }
    if (value instanceof UUID || value instanceof Instant) {
      return NODES.stringNode(value.toString());
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), value(v)));
      return node;
    }
    if (value instanceof Collection<?> values) {
      ArrayNode array = NODES.arrayNode();
      values.forEach(v -> array.add(value(v)));
      return array;
    }
    return NODES.stringNode(value.toString());
  }

  public static String write(JsonMapper json, JsonNode node) {
    return json.writeValueAsString(node);
  }
}
