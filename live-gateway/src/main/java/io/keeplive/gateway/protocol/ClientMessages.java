package io.keeplive.gateway.protocol;

import io.keeplive.contracts.cursor.Cursor;
import io.keeplive.contracts.notification.Position;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Total parser of client frames: every input, however broken, yields a {@link Parsed} value and
 * never an exception. It checks the shape of a message (types, required fields, local limits);
 * whether a resource or attribute exists is resource-service's answer to the plan call.
 */
public final class ClientMessages {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> SUBSCRIBE_FIELDS =
      Set.of(
          "type",
          "id",
          "resource",
          "filter",
          "sort",
          "limit",
          "key",
          "mode",
          "after",
          "until",
          "etag");
  private static final Set<String> SYNC_FIELDS = Set.of("type", "ref", "position");
  private static final int MAX_NAME_LENGTH = 200;

  /** Longest cursor: a handful of short sort values and an id, never a document. */
  private static final int MAX_CURSOR_LENGTH = Cursor.MAX_LENGTH;

  /** Longest etag accepted; the gateway's own are 22 characters. */
  private static final int MAX_ETAG_LENGTH = 128;

  private final int maxIdLength;
  private final int maxRows;
  private final int maxInValues;

  /**
   * @param maxInValues most values of one {@code in} filter: each becomes a topic in the gateway's
   *     index and a term in resource-service's SQL, so the list is bounded here
   */
  public ClientMessages(int maxIdLength, int maxRows, int maxInValues) {
    this.maxIdLength = maxIdLength;
    this.maxRows = maxRows;
    this.maxInValues = maxInValues;
  }

  /** The outcome of parsing one frame. */
  public sealed interface Parsed {}

  /** A valid message. */
  public record Ok(ClientMessage message) implements Parsed {}

  /**
   * An invalid message, answered by an {@code error}.
   *
   * @param id the subscription id when one could be read, else {@code null}
   * @param ref the {@code ref} of a refused {@code sync} when one could be read, else {@code null}
   */
  public record Refused(String id, ErrorCode code, String message, String ref) implements Parsed {
    public Refused(String id, ErrorCode code, String message) {
      this(id, code, message, null);
    }
  }

  public Parsed parse(String frame) {
    JsonNode root;
    try {
      root = JSON.readTree(frame);
    } catch (JacksonException | IllegalArgumentException e) {
      return bad(null, "frame is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return bad(null, "frame must be a JSON object");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isString()) {
      return bad(null, "field 'type' must be a string");
    }
    return switch (type.asString()) {
      case "auth" -> auth(root);
      case "subscribe" -> subscribe((ObjectNode) root);
      case "unsubscribe" -> unsubscribe(root);
      case "ping" -> new Ok(new ClientMessage.Ping());
      case "sync" -> sync(root);
      default -> bad(null, "unknown message type '" + clip(type.asString()) + "'");
    };
  }

  private static Parsed auth(JsonNode root) {
    JsonNode token = root.get("token");
    if (token == null || !token.isString() || token.asString().isBlank()) {
      return bad(null, "field 'token' must be a non-empty string");
    }
    return new Ok(new ClientMessage.Auth(token.asString()));
  }

  private static Parsed sync(JsonNode root) {
    JsonNode refNode = root.get("ref");
    if (!isName(refNode)) {
      return bad(null, "field 'ref' must be a non-empty string of at most 200 chars");
    }
    String ref = refNode.asString();
    for (String name : root.propertyNames()) {
      if (!SYNC_FIELDS.contains(name)) {
        return badSync(ref, "unknown field '" + clip(name) + "'");
      }
    }
    JsonNode positionNode = root.get("position");
    long position =
        positionNode != null && positionNode.isString()
            ? Position.parse(positionNode.asString())
            : -1;
    if (position < 0) {
      return badSync(ref, "field 'position' must be a decimal string (a Keeplive-Position)");
    }
    return new Ok(new ClientMessage.Sync(ref, position));
  }

  private static Refused badSync(String ref, String message) {
    return new Refused(null, ErrorCode.BAD_REQUEST, message, ref);
  }

  private Parsed unsubscribe(JsonNode root) {
    JsonNode id = root.get("id");
    if (!validId(id)) {
      return bad(
          null, "field 'id' must be a non-empty string of at most " + maxIdLength + " chars");
    }
    return new Ok(new ClientMessage.Unsubscribe(id.asString()));
  }

  private Parsed subscribe(ObjectNode root) {
    JsonNode idNode = root.get("id");
    if (!validId(idNode)) {
      return bad(
          null, "field 'id' must be a non-empty string of at most " + maxIdLength + " chars");
    }
    String id = idNode.asString();
    for (String name : root.propertyNames()) {
      if (!SUBSCRIBE_FIELDS.contains(name)) {
        return bad(id, "unknown field '" + clip(name) + "'");
      }
    }
    JsonNode resource = root.get("resource");
    if (!isName(resource)) {
      return bad(id, "field 'resource' must be a non-empty string");
    }
    Mode mode = Mode.REFETCH;
    JsonNode modeNode = root.get("mode");
    if (modeNode != null && !modeNode.isNull()) {
      if (!modeNode.isString() || Mode.fromWire(modeNode.asString()).isEmpty()) {
        return bad(id, "field 'mode' must be \"refetch\" or \"stream\"");
      }
      mode = Mode.fromWire(modeNode.asString()).orElseThrow();
    }
    JsonNode etagNode = root.get("etag");
    String etag = null;
    if (etagNode != null && !etagNode.isNull()) {
      if (!etagNode.isString()
          || etagNode.asString().isEmpty()
          || etagNode.asString().length() > MAX_ETAG_LENGTH) {
        return bad(
            id, "field 'etag' must be a non-empty string of at most " + MAX_ETAG_LENGTH + " chars");
      }
      etag = etagNode.asString();
    }
    ObjectNode query = JSON.createObjectNode();
    query.put("resource", resource.asString());
    JsonNode key = root.get("key");
    if (key != null && !key.isNull()) {
      if (!isName(key)) {
        return bad(id, "field 'key' must be a non-empty string");
      }
      for (String listField : new String[] {"filter", "sort", "limit", "after", "until"}) {
        if (root.has(listField)) {
          return bad(id, "field '" + listField + "' is not allowed with 'key'");
        }
      }
      query.put("key", key.asString());
      return new Ok(new ClientMessage.Subscribe(id, mode, query, etag));
    }
    return listQuery(root, id, mode, query, etag);
  }

  private Parsed listQuery(ObjectNode root, String id, Mode mode, ObjectNode query, String etag) {
    JsonNode filter = root.get("filter");
    if (filter != null && !filter.isNull()) {
      if (!filter.isObject()) {
        return bad(id, "field 'filter' must be an object");
      }
      for (var entry : filter.properties()) {
        String problem = filterValueProblem(entry.getValue());
        if (problem != null) {
          return bad(id, "filter '" + clip(entry.getKey()) + "' " + problem);
        }
      }
      query.set("filter", filter);
    }
    JsonNode sort = root.get("sort");
    if (sort != null && !sort.isNull()) {
      if (!sort.isArray()) {
        return bad(id, "field 'sort' must be an array of strings");
      }
      for (JsonNode item : sort) {
        if (!isName(item)) {
          return bad(id, "field 'sort' must be an array of strings");
        }
      }
      query.set("sort", sort);
    }
    JsonNode limit = root.get("limit");
    if (limit != null && !limit.isNull()) {
      if (!limit.isIntegralNumber()
          || !limit.canConvertToInt()
          || limit.asInt() < 1
          || limit.asInt() > maxRows) {
        return bad(id, "field 'limit' must be an integer from 1 to " + maxRows);
      }
      query.put("limit", limit.asInt());
    }
    // Cursors are opaque here: resource-service reads them against the list's resource and sort.
    for (String bound : new String[] {"after", "until"}) {
      JsonNode cursor = root.get(bound);
      if (cursor != null && !cursor.isNull()) {
        if (!cursor.isString()
            || cursor.asString().isEmpty()
            || cursor.asString().length() > MAX_CURSOR_LENGTH) {
          return bad(
              id,
              "field '"
                  + bound
                  + "' must be a cursor string of at most "
                  + MAX_CURSOR_LENGTH
                  + " chars");
        }
        query.put(bound, cursor.asString());
      }
    }
    return new Ok(new ClientMessage.Subscribe(id, mode, query, etag));
  }

  /** Equality on a scalar, or membership {@code {"in":[scalars]}}; {@code null} when valid. */
  private String filterValueProblem(JsonNode value) {
    if (value.isValueNode()) {
      return null;
    }
    if (value.isObject()) {
      JsonNode in = value.get("in");
      if (value.size() != 1 || in == null || !in.isArray()) {
        return "must be a value or {\"in\": [values]}";
      }
      if (in.size() > maxInValues) {
        return "has " + in.size() + " values in 'in'; at most " + maxInValues + " are allowed";
      }
      for (JsonNode item : in) {
        if (!item.isValueNode()) {
          return "must be a value or {\"in\": [values]}";
        }
      }
      return null;
    }
    return "must be a value or {\"in\": [values]}";
  }

  private boolean validId(JsonNode id) {
    return id != null
        && id.isString()
        && !id.asString().isEmpty()
        && id.asString().length() <= maxIdLength;
  }

  private static boolean isName(JsonNode node) {
    return node != null
        && node.isString()
        && !node.asString().isBlank()
        && node.asString().length() <= MAX_NAME_LENGTH;
  }

  private static Refused bad(String id, String message) {
    return new Refused(id, ErrorCode.BAD_REQUEST, message);
  }

  /** Echoing client input back is fine, but never a 60 KiB of it. */
  private static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "…";
  }
}
