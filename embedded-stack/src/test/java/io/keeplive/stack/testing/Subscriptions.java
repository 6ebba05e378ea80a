package io.keeplive.stack.testing;

import io.keeplive.testsupport.LiveClient;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Frames and checks of the keeplive.v1 protocol shared by cross-service tests. */
public final class Subscriptions {

  private Subscriptions() {}

  public static String listTickets(String id) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":100}";
  }

  public static String ticket(String id, String key) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tickets\",\"key\":\""
        + key
        + "\"}";
  }

  /** Ids of the rows of a {@code result}. */
  public static List<String> ids(JsonNode result) {
    List<String> ids = new ArrayList<>();
    for (JsonNode row : result.get("rows")) {
      ids.add(row.get("id").asString());
    }
    return ids;
  }

  /** Every row the client ever received, from results and stream messages alike. */
  public static List<JsonNode> allRows(LiveClient client) {
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode message : client.messages()) {
      if (message.has("rows")) {
        message.get("rows").forEach(rows::add);
      }
      if (message.has("row")) {
        rows.add(message.get("row"));
      }
    }
    return rows;
  }

  /** Asserts that the seq of every message of subscription {@code id} is 1, 2, 3, ... */
  public static void assertSeqWithoutGaps(LiveClient client, String id) {
    long expected = 1;
    for (JsonNode message : client.messagesFor(id)) {
      if (!message.has("seq")) {
        continue;
      }
      long seq = message.get("seq").asLong();
      if (seq != expected) {
        throw new AssertionError(
            "subscription "
                + id
                + ": expected seq "
                + expected
                + " but got "
                + seq
                + " in "
                + client.messagesFor(id));
      }
      expected++;
    }
  }
}
