package io.keeplive.stack.gateway;

import io.keeplive.testsupport.LiveClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a {@code keeplive.v1} client holds for one subscription: its last {@code result} with every
 * later {@code insert}/{@code update}/{@code delete} applied, checking that {@code seq} has no gap.
 */
final class StreamView {

  private StreamView() {}

  /** Rows by id, after applying every message of subscription {@code id} received so far. */
  static Map<String, JsonNode> of(LiveClient client, String id) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    long expected = 1;
    for (JsonNode message : client.messagesFor(id)) {
      if (message.has("seq")) {
        long seq = message.get("seq").asLong();
        if (seq != expected) {
          throw new AssertionError("seq gap in " + id + ": expected " + expected + ", got " + seq);
        }
        expected++;
      }
      switch (LiveClient.type(message)) {
        case "result" -> {
          rows.clear();
          message.get("rows").forEach(r -> rows.put(r.get("id").asString(), r));
        }
        case "insert", "update" -> {
          JsonNode row = message.get("row");
          rows.put(row.get("id").asString(), row);
        }
        case "delete" -> rows.remove(message.get("row").get("id").asString());
        default -> {}
      }
    }
    return rows;
  }

  /** Rows of a REST list answer (a JSON array, or an object with an array member), by id. */
  static Map<String, JsonNode> byId(JsonNode list) {
    JsonNode array = list.isArray() ? list : firstArray(list);
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    array.forEach(r -> rows.put(r.get("id").asString(), r));
    return rows;
  }

  private static JsonNode firstArray(JsonNode object) {
    for (JsonNode member : object) {
      if (member.isArray()) {
        return member;
      }
    }
    throw new AssertionError("no rows in " + object);
  }

  /** Types of the messages of subscription {@code id}, in order. */
  static List<String> types(LiveClient client, String id) {
    List<String> types = new ArrayList<>();
    client.messagesFor(id).forEach(m -> types.add(LiveClient.type(m)));
    return types;
  }
}
