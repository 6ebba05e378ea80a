package io.keeplive.chaos.live;

import io.keeplive.chaos.workload.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A subscription's view as the protocol defines it: the last {@code result} with the stream
 * messages after it applied. Counts the anomalies a client can see by itself.
 */
public final class View {

  private final Map<String, JsonNode> rows = new LinkedHashMap<>();
  private boolean hasResult;
  private long lastChangeNanos = System.nanoTime();
  private int duplicateRows;

  /** Applies one message; returns a description of a duplicate row it created, or null. */
  public String apply(JsonNode message) {
    String type = Json.text(message, "type");
    lastChangeNanos = System.nanoTime();
    switch (type == null ? "" : type) {
      case "result" -> {
        rows.clear();
        hasResult = true;
        JsonNode list = message.get("rows");
        if (list != null) {
          for (JsonNode row : list) {
            if (rows.put(Json.text(row, "id"), row) != null) {
              duplicateRows++;
              return "result holds row " + Json.text(row, "id") + " twice";
            }
          }
        }
      }
      case "insert" -> {
        JsonNode row = message.get("row");
        if (rows.put(Json.text(row, "id"), row) != null) {
          duplicateRows++;
          return "insert of row " + Json.text(row, "id") + " already in the view";
        }
      }
      case "update" -> rows.put(Json.text(message.get("row"), "id"), message.get("row"));
      case "delete" -> rows.remove(Json.text(message.get("row"), "id"));
      default -> {
        // complete, error: the view stays as it is
      }
    }
    return null;
  }

  /** When a message last changed (or could have changed) this view. */
  public long lastChangeNanos() {
    return lastChangeNanos;
  }

  public boolean hasResult() {
    return hasResult;
  }

  public List<JsonNode> rows() {
    return new ArrayList<>(rows.values());
  }

  public int duplicateRows() {
    return duplicateRows;
  }
}
