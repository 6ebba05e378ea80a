package io.keeplive.gateway.refetch.internal;

import io.keeplive.contracts.cursor.Cursor;
import io.keeplive.gateway.refetch.Rows;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The window fields of a list's results (SPEC §4.2): {@code has_more} as resource-service answered
 * it (or as a merge derived it; false when the list could not be read at all) and {@code next}, the
 * cursor of the last row, written here from that row as sent, for the list's resource and the
 * plan's normalized sort — the cursor resource-service reads back in {@code after}/{@code until}.
 */
final class Paging {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String resource;
  private final List<String> sort;

  Paging(String resource, ObjectNode query) {
    this.resource = resource;
    List<String> keys = new ArrayList<>();
    JsonNode sortNode = query.get("sort");
    if (sortNode != null && sortNode.isArray()) {
      sortNode.forEach(key -> keys.add(key.asString()));
    }
    this.sort = List.copyOf(keys);
  }

  /**
   * {@code rows} with the cursor of its last row; {@code has_more} as answered, and false for an
   * empty result that says nothing (a list the user may no longer read at all). An answer without
   * {@code has_more} keeps it unknown (null): merges then stay as careful as without windows.
   */
  Rows window(Rows rows) {
    Boolean more = rows.hasMore();
    if (rows.size() == 0) {
      return rows.window(Boolean.TRUE.equals(more), null);
    }
    Rows.Row last = rows.rows().get(rows.size() - 1);
    String cursor = last.cursor(this);
    if (cursor == null) {
      cursor = cursorOf(last.json());
      last.cursor(this, cursor);
    }
    return rows.window(more, cursor.isEmpty() ? null : cursor);
  }

  /** The cursor of a row as sent; empty when the row does not parse. */
  private String cursorOf(String rowJson) {
    try {
      return Cursor.of(resource, sort, JSON.readTree(rowJson)).encode();
    } catch (JacksonException e) {
      // Rows come from resource-service as JSON objects; one that does not parse has no cursor.
      return "";
    }
  }
}
