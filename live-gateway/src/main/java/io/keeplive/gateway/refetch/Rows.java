package io.keeplive.gateway.refetch;

import io.keeplive.gateway.protocol.ServerMessages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One refetch result: rows in the order resource-service returned them, each serialized once.
 * Immutable and shared by every subscription of a cohort, so comparing and pushing costs no further
 * serialization. Two results are equal when their rows are equal, row by row (resource-service
 * sorts deterministically, so equal data serializes equally). {@link Row} objects may be shared by
 * the results of many cohorts of one batched refetch; the array's JSON is built on first use (only
 * refetch-mode pushes need it).
 */
public final class Rows {

  public static final Rows EMPTY = new Rows(List.of(), "[]", null, null);

  private final List<Row> rows;
  private final Boolean hasMore;
  private final String next;
  private volatile String json;
  private volatile String etag;
  private volatile long utf8Length = -1;
  private volatile Map<String, String> byId;

  /** One row: its primary key and its JSON object; equal when both are. */
  public static final class Row {
    private final String id;
    private final String json;
    // The parsed sort key, for the one order this row is sorted by (rows belong to one query).
    private volatile RowOrder keyOrder;
    private volatile Comparable<?>[] key;
    // This row's list cursor, for the one list paging that wrote it (see cursor(Object)).
    private volatile Cached cursor;

    private record Cached(Object owner, String value) {}

    public Row(String id, String json) {
      this.id = id;
      this.json = json;
    }

    public String id() {
      return id;
    }

    public String json() {
      return json;
    }

    Comparable<?>[] sortKey(RowOrder order) {
      return keyOrder == order ? key : null;
    }

    void sortKey(RowOrder order, Comparable<?>[] value) {
      key = value;
      keyOrder = order;
    }

    /**
     * The cursor {@code owner} (one list's paging: resource and sort) wrote for this row, or null.
     * A window's last row mostly stays the last row from one result to the next: its cursor is
     * written once, not on every publish (a JSON parse and a hash, docs/benchmarks/profile.md).
     */
    public String cursor(Object owner) {
      Cached cached = cursor;
      return cached != null && cached.owner == owner ? cached.value : null;
    }

    public void cursor(Object owner, String value) {
      cursor = new Cached(owner, value);
    }

    @Override
    public boolean equals(Object other) {
      return other == this
          || (other instanceof Row row && id.equals(row.id) && json.equals(row.json));
    }

    @Override
    public int hashCode() {
      return id.hashCode() * 31 + json.hashCode();
    }

    @Override
    public String toString() {
      return "Row[" + id + "]";
    }
  }

  private Rows(List<Row> rows, String json, Boolean hasMore, String next) {
    this.rows = rows;
    this.json = json;
    this.hasMore = hasMore;
    this.next = next;
  }

  /** These rows as a list window: whether more rows follow, and its last row's cursor. */
  public Rows window(Boolean more, String nextCursor) {
    Rows window = new Rows(rows, json, more, nextCursor);
    window.etag = etag;
    return window;
  }

  /** Whether rows follow this window; null for a record (or an answer that did not say). */
  public Boolean hasMore() {
    return hasMore;
  }

  /** The cursor of the window's last row; null when it is empty or not a list. */
  public String next() {
    return next;
  }

  /**
   * The rows' etag (SPEC §4.3): a hash of the rows as sent, so equal rows have equal etags whoever
   * reads them and on whichever gateway. 128 bits of SHA-256, base64url: 22 characters.
   */
  public String etag() {
    String tag = etag;
    if (tag == null) {
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256").digest(json().getBytes(StandardCharsets.UTF_8));
        tag = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      etag = tag;
    }
    return tag;
  }

  /** Rows from a JSON array of objects; anything that is not an array counts as no rows. */
  public static Rows of(JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      return EMPTY;
    }
    List<Row> rows = new ArrayList<>(array.size());
    for (JsonNode row : array) {
      rows.add(row(row));
    }
    return new Rows(Collections.unmodifiableList(rows), array.toString(), null, null);
  }

  /** One row object, serialized; its key is {@code id} (the whole JSON when it has none). */
  public static Row row(JsonNode row) {
    String rowJson = row.toString();
    JsonNode id = row.get("id");
    return new Row(id == null || id.isNull() ? rowJson : id.asString(), rowJson);
  }

  public static Rows of(List<Row> rows) {
    return rows.isEmpty() ? EMPTY : new Rows(List.copyOf(rows), null, null, null);
  }

  public List<Row> rows() {
    return rows;
  }

  /** The rows as one serialized JSON array. */
  public String json() {
    String text = json;
    if (text == null) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < rows.size(); i++) {
        out.append(i == 0 ? "" : ",").append(rows.get(i).json());
      }
      text = out.append(']').toString();
      json = text;
    }
    return text;
  }

  public int size() {
    return rows.size();
  }

  /** Bytes of {@link #json()} in UTF-8, computed without building it (for send accounting). */
  public long utf8Length() {
    long length = utf8Length;
    if (length < 0) {
      length = 2 + Math.max(0, rows.size() - 1);
      for (Row row : rows) {
        length += ServerMessages.utf8Length(row.json());
      }
      utf8Length = length;
    }
    return length;
  }

  public boolean sameAs(Rows other) {
    return other != null
        && (other == this
            || (rows.equals(other.rows)
                && Objects.equals(hasMore, other.hasMore)
                && Objects.equals(next, other.next)));
  }

  /** Row JSON by primary key, in order. */
  public Map<String, String> byId() {
    Map<String, String> map = byId;
    if (map == null) {
      map = new LinkedHashMap<>();
      for (Row row : rows) {
        map.put(row.id(), row.json());
      }
      byId = map;
    }
    return map;
  }

  @Override
  public String toString() {
    return "Rows[" + rows.size() + "]";
  }
}
