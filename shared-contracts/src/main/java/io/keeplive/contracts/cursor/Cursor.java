package io.keeplive.contracts.cursor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A keyset cursor (SPEC §4.2): the place of one row in one sorted list — the resource, the sort it
 * was taken from, the row's values of the sort keys (as JSON, exactly as the row is sent) and its
 * id. Never an offset, so a cursor names the same place whatever is inserted or deleted before it.
 *
 * <p>Written by the gateway (the {@code next} of a window, from the window's last row) and by
 * resource-service (REST lists), read by resource-service, which checks it against the query it
 * comes with. Opaque to clients: base64url of a small JSON array followed by four check bytes, so a
 * cursor that was cut, garbled or edited is refused rather than read as some other place. The check
 * is no secret: a cursor grants nothing, every row of a window still passes the read policy.
 *
 * @param resource the resource the list is of
 * @param sort the list's normalized sort keys ({@code -updated_at}), without the id tiebreaker
 * @param values the row's value of each sort key, JSON null for a null value
 * @param id the row's id, the final tiebreaker
 */
public record Cursor(String resource, List<String> sort, List<JsonNode> values, String id) {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final int CHECK_BYTES = 4;

  /** Longest cursor text read: a cursor holds a handful of short values, never a document. */
  public static final int MAX_LENGTH = 2048;

  public Cursor {
    sort = List.copyOf(sort);
    values = List.copyOf(values);
    if (sort.size() != values.size()) {
      throw new IllegalArgumentException("one value per sort key");
    }
  }

  /** The cursor's text. */
  public String encode() {
    ArrayNode array = JSON.createArrayNode();
    array.add(resource);
    ArrayNode keys = array.addArray();
    sort.forEach(keys::add);
    ArrayNode vals = array.addArray();
    values.forEach(vals::add);
    array.add(id);
    byte[] payload = JSON.writeValueAsBytes(array);
    byte[] bytes = Arrays.copyOf(payload, payload.length + CHECK_BYTES);
    System.arraycopy(check(payload), 0, bytes, payload.length, CHECK_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Reads a cursor's text.
   *
   * @throws IllegalArgumentException when it is not a cursor this codec wrote, unchanged
   */
  public static Cursor decode(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a cursor");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a cursor");
    }
    if (bytes.length <= CHECK_BYTES) {
      throw new IllegalArgumentException("not a cursor");
    }
    byte[] payload = Arrays.copyOf(bytes, bytes.length - CHECK_BYTES);
    byte[] sent = Arrays.copyOfRange(bytes, payload.length, bytes.length);
    if (!MessageDigest.isEqual(sent, check(payload))) {
      throw new IllegalArgumentException("not a cursor (damaged or edited)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a cursor");
    }
    if (root == null
        || !root.isArray()
        || root.size() != 4
        || !root.get(0).isString()
        || !root.get(1).isArray()
        || !root.get(2).isArray()
        || !root.get(3).isString()
        || root.get(1).size() != root.get(2).size()) {
      throw new IllegalArgumentException("not a cursor");
    }
    List<String> sort = new ArrayList<>();
    for (JsonNode key : root.get(1)) {
      if (!key.isString()) {
        throw new IllegalArgumentException("not a cursor");
      }
      sort.add(key.asString());
    }
    List<JsonNode> values = new ArrayList<>();
    root.get(2).forEach(values::add);
    return new Cursor(root.get(0).asString(), sort, values, root.get(3).asString());
  }

  /**
   * The cursor of {@code row} (a row object as sent) in a list of {@code resource} sorted by {@code
   * sort}; a key the row lacks counts as null.
   */
  public static Cursor of(String resource, List<String> sort, JsonNode row) {
    List<JsonNode> values = new ArrayList<>(sort.size());
    for (String key : sort) {
      String attribute = key.startsWith("-") || key.startsWith("+") ? key.substring(1) : key;
      JsonNode value = row.get(attribute);
      values.add(value == null ? JSON.nullNode() : value);
    }
    JsonNode id = row.get("id");
    return new Cursor(resource, sort, values, id == null ? "" : id.asString());
  }

  private static byte[] check(byte[] payload) {
    try {
      return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(payload), CHECK_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
