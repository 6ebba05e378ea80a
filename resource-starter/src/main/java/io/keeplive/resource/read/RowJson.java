package io.keeplive.resource.read;

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

  /**
   * An upper bound of the UTF-8 bytes of {@link #of}{@code (record)} written compactly, computed
   * without writing it (the live API weighs every row it reads against its answer budget): every
   * character that JSON may escape counts as a six-byte escape.
   */
  public static long estimatedBytes(Map<String, ?> record) {
    long bytes = 2;
    for (Map.Entry<String, ?> entry : record.entrySet()) {
      bytes += textBytes(entry.getKey()) + 2 + valueBytes(entry.getValue());
    }
    return bytes;
  }

  private static long valueBytes(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof CharSequence text) {
      return textBytes(text);
    }
    if (value instanceof Map<?, ?> map) {
      long bytes = 2;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        bytes += textBytes(String.valueOf(entry.getKey())) + 2 + valueBytes(entry.getValue());
      }
      return bytes;
    }
    if (value instanceof Collection<?> values) {
      long bytes = 2;
      for (Object element : values) {
        bytes += valueBytes(element) + 1;
      }
      return bytes;
    }
    if (value instanceof JsonNode node) {
      return textBytes(node.toString());
    }
    // Numbers, booleans, ids and instants: their text, quoted at most.
    return value.toString().length() + 2;
  }

  private static long textBytes(CharSequence text) {
    long bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  public static String write(JsonMapper json, JsonNode node) {
    return json.writeValueAsString(node);
  }
}
