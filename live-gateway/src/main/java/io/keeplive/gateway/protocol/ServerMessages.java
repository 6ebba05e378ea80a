package io.keeplive.gateway.protocol;

import java.time.Instant;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders server → client frames. Row payloads arrive already serialized (one serialization per
 * refetch result, shared by every subscription that receives it), so push messages are assembled
 * from strings.
 */
public final class ServerMessages {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ServerMessages() {}

  public static String authOk(String user, String tenant, Instant expiresAt) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "auth_ok");
    node.put("user", user);
    node.put("tenant", tenant);
    node.put("expires_at", expiresAt.toString());
    return node.toString();
  }

  public static String pong() {
    return "{\"type\":\"pong\"}";
  }

  /** An error; {@code id} and {@code seq} are omitted when {@code id} is null. */
  public static String error(String id, long seq, ErrorCode code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "error");
    if (id != null) {
      node.put("id", id);
      node.put("seq", seq);
    }
    node.put("code", code.wireName());
    node.put("message", message == null ? "" : message);
    return node.toString();
  }

  /** The answer to {@code sync} (SPEC §4.1). */
  public static String synced(String ref, long position) {
    return "{\"type\":\"synced\",\"ref\":" + quote(ref) + ",\"position\":\"" + position + "\"}";
  }

  /** An error about the {@code sync} named {@code ref}. */
  public static String syncError(String ref, ErrorCode code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "error");
    node.put("ref", ref);
    node.put("code", code.wireName());
    node.put("message", message == null ? "" : message);
    return node.toString();
  }

  public static String complete(String id, long seq) {
    return "{\"type\":\"complete\",\"id\":" + quote(id) + ",\"seq\":" + seq + "}";
  }

  /**
   * What a {@code result} says besides its rows: a list window's {@code has_more} and {@code next}
   * (SPEC §4.2; null: not a list, or no next when the window is empty) and the rows' {@code etag}
   * (SPEC §4.3).
   */
  public record Page(Boolean hasMore, String next, String etag) {
    public static final Page NONE = new Page(null, null, null);

    private String fields() {
      StringBuilder out = new StringBuilder();
      if (hasMore != null) {
        out.append(",\"has_more\":").append(hasMore);
      }
      if (next != null) {
        out.append(",\"next\":").append(quote(next));
      }
      if (etag != null) {
        out.append(",\"etag\":").append(quote(etag));
      }
      return out.toString();
    }
  }

  /** {@code rowsJson} is a serialized JSON array. */
  public static String result(String id, long seq, String rowsJson) {
    return result(id, seq, rowsJson, Page.NONE);
  }

  /** A full result: its rows ({@code rowsJson}, a serialized JSON array) and its page fields. */
  public static String result(String id, long seq, String rowsJson, Page page) {
    return "{\"type\":\"result\",\"id\":"
        + quote(id)
        + ",\"seq\":"
        + seq
        + ",\"rows\":"
        + rowsJson
        + page.fields()
        + "}";
  }

  /** {@link #result(String, long, String, Page)} with {@code at} (SPEC §4.1), a decimal string. */
  public static String result(String id, long seq, String rowsJson, Page page, long at) {
    return withAt(result(id, seq, rowsJson, page), at);
  }

  /** {@link #unchanged(String, long, Page)} with {@code at} (SPEC §4.1). */
  public static String unchanged(String id, long seq, Page page, long at) {
    return withAt(unchanged(id, seq, page), at);
  }

  /** {@code frame}, an object ending in its closing brace, with {@code "at":"<at>"} last. */
  private static String withAt(String frame, long at) {
    return frame.substring(0, frame.length() - 1) + ",\"at\":\"" + at + "\"}";
  }

  /**
   * The result of a resumed subscription whose rows are those the client named by their etag (SPEC
   * §4.3): no rows, the same etag, and the window's current {@code has_more} and {@code next}.
   */
  public static String unchanged(String id, long seq, Page page) {
    return "{\"type\":\"result\",\"id\":"
        + quote(id)
        + ",\"seq\":"
        + seq
        + ",\"unchanged\":true"
        + new Page(null, null, page.etag()).fields()
        + new Page(page.hasMore(), page.next(), null).fields()
        + "}";
  }

  /**
   * {@code type} is insert, update or delete; {@code rowJson} a serialized JSON object; {@code at}
   * the tenant position the row change reflects (SPEC §4.1).
   */
  public static String row(String type, String id, long seq, String rowJson, long at) {
    return "{\"type\":\""
        + type
        + "\",\"id\":"
        + quote(id)
        + ",\"seq\":"
        + seq
        + ",\"row\":"
        + rowJson
        + ",\"at\":\""
        + at
        + "\"}";
  }

  /** The {@code row} of a {@code delete}: only the id, never the former contents. */
  public static String deletedRow(String rowId) {
    return "{\"id\":" + quote(rowId) + "}";
  }

  /** {@code value} as a JSON string, exactly as Jackson writes it. */
  public static String quote(String value) {
    // Called for every pushed frame (its subscription id); ids need no escaping, and a Jackson
    // generator per frame was 5 % of the gateway's profile samples (docs/benchmarks/profile.md).
    if (value == null) {
      return "null";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return JSON.writeValueAsString(value);
      }
    }
    return "\"" + value + "\"";
  }

  /** Bytes of {@code text} in UTF-8, without encoding it. */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
