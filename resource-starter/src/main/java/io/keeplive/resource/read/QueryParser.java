package io.keeplive.resource.read;

import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.problem.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Total parsing of list queries, from REST query parameters or from the JSON of a subscription.
 * Every refusal names the offending field; nothing unparsed reaches SQL.
 */
public final class QueryParser {

  private QueryParser() {}

  /**
   * {@code ?status=open&assignee_id=a,b&sort=-updated_at&limit=50}: an attribute parameter filters
   * by equality, a comma-separated or repeated one by membership.
   */
  public static ListQuery fromParameters(
      ResourceDeclaration resource, Map<String, List<String>> parameters) {
    List<ListQuery.Filter> filters = new ArrayList<>();
    List<String> sort = List.of();
    Integer limit = null;
    String after = null;
    String until = null;
    for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
      String name = entry.getKey();
      List<String> raw = entry.getValue();
      if (name.equals("after")) {
        after = raw.get(raw.size() - 1);
      } else if (name.equals("until")) {
        until = raw.get(raw.size() - 1);
      } else if (name.equals("sort")) {
        sort = raw.stream().flatMap(s -> splitList(s).stream()).toList();
      } else if (name.equals("limit")) {
        limit = parseLimit(raw.get(raw.size() - 1), "limit");
      } else {
        Attribute attribute = filterable(resource, name, name);
        List<Object> values = new ArrayList<>();
        for (String part : raw.stream().flatMap(s -> splitList(s).stream()).toList()) {
          values.add(Values.fromText(attribute, part, name));
        }
        filters.add(new ListQuery.Filter(name, values));
      }
    }
    List<ListQuery.SortKey> keys = parseSort(resource, sort, "sort");
    return new ListQuery(
        filters, keys, limitOrDefault(limit), window(resource, keys, after, until));
  }

  /**
   * The JSON of a live subscription: {@code filter} ({@code {"status":"open"}} or {@code
   * {"status":{"in":[…]}}}), {@code sort} (array of strings) and {@code limit}, any may be absent.
   */
  public static ListQuery fromJson(
      ResourceDeclaration resource, JsonNode filter, JsonNode sort, JsonNode limit) {
    return fromJson(resource, filter, sort, limit, null, null);
  }

  /** As above, with the keyset window's {@code after} and {@code until} cursors (SPEC §4.2). */
  public static ListQuery fromJson(
      ResourceDeclaration resource,
      JsonNode filter,
      JsonNode sort,
      JsonNode limit,
      JsonNode after,
      JsonNode until) {
    List<ListQuery.Filter> filters = new ArrayList<>();
    if (filter != null && !filter.isNull()) {
      if (!filter.isObject()) {
        throw ApiProblem.badRequest("filter", "filter must be an object");
      }
      for (Map.Entry<String, JsonNode> entry : filter.properties()) {
        String field = "filter." + entry.getKey();
        Attribute attribute = filterable(resource, entry.getKey(), field);
        JsonNode value = entry.getValue();
        List<Object> values = new ArrayList<>();
        if (value.isObject()) {
          if (value.size() != 1 || value.get("in") == null || !value.get("in").isArray()) {
            throw ApiProblem.badRequest(field, field + " must be a value or {\"in\":[…]}");
          }
          for (JsonNode element : value.get("in").values()) {
            values.add(Values.fromJson(attribute, element, field));
          }
        } else {
          values.add(Values.fromJson(attribute, value, field));
        }
        filters.add(new ListQuery.Filter(entry.getKey(), values));
      }
    }
    List<String> sortKeys = new ArrayList<>();
    if (sort != null && !sort.isNull()) {
      if (!sort.isArray()) {
        throw ApiProblem.badRequest("sort", "sort must be an array of strings");
      }
      for (JsonNode key : sort.values()) {
        if (!key.isString()) {
          throw ApiProblem.badRequest("sort", "sort must be an array of strings");
        }
        sortKeys.add(key.stringValue());
      }
    }
    Integer parsedLimit = null;
    if (limit != null && !limit.isNull()) {
      if (!limit.isIntegralNumber() || !limit.canConvertToInt()) {
        throw ApiProblem.badRequest("limit", "limit must be an integer");
      }
      parsedLimit = checkLimit(limit.intValue(), "limit");
    }
    List<ListQuery.SortKey> keys = parseSort(resource, sortKeys, "sort");
    return new ListQuery(
        filters,
        keys,
        limitOrDefault(parsedLimit),
        window(resource, keys, Cursors.text(after, "after"), Cursors.text(until, "until")));
  }

  private static ListQuery.Window window(
      ResourceDeclaration resource, List<ListQuery.SortKey> sort, String after, String until) {
    return new ListQuery.Window(
        after == null ? null : Cursors.read(resource, sort, after, "after"),
        until == null ? null : Cursors.read(resource, sort, until, "until"));
  }

  /** The JSON form of a query, as the live API echoes it back. */
  public static Map<String, Object> describe(ListQuery query) {
    Map<String, Object> description = new LinkedHashMap<>();
    Map<String, Object> filter = new LinkedHashMap<>();
    for (ListQuery.Filter f : query.filters()) {
      filter.put(
          f.attribute(), f.values().size() == 1 ? f.values().get(0) : Map.of("in", f.values()));
    }
    description.put("filter", filter);
    description.put("sort", query.sort().stream().map(ListQuery.SortKey::wire).toList());
    description.put("limit", query.limit());
    if (query.window().after() != null) {
      description.put("after", query.window().after().cursor());
    }
    if (query.window().until() != null) {
      description.put("until", query.window().until().cursor());
    }
    return description;
  }

  private static Attribute filterable(ResourceDeclaration resource, String name, String field) {
    Attribute attribute = attribute(resource, name, field);
    if (!attribute.filterable()) {
      throw ApiProblem.badRequest(field, field + ": " + name + " is not filterable");
    }
    return attribute;
  }

  /** The named attribute; a {@code bad_request} about {@code field} when there is none. */
  private static Attribute attribute(ResourceDeclaration resource, String name, String field) {
    return resource
        .attribute(name)
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    field, field + ": " + resource.name() + " has no attribute " + name));
  }

  private static List<ListQuery.SortKey> parseSort(
      ResourceDeclaration resource, List<String> requested, String field) {
    List<String> keys = requested.isEmpty() ? resource.defaultSort() : requested;
    List<ListQuery.SortKey> sort = new ArrayList<>();
    for (String key : keys) {
      boolean descending = key.startsWith("-");
      String name = descending || key.startsWith("+") ? key.substring(1) : key;
      Attribute attribute = attribute(resource, name, field);
      if (!attribute.sortable() && !attribute.name().equals(ResourceDeclaration.ID)) {
        throw ApiProblem.badRequest(field, field + ": " + name + " is not sortable");
      }
      if (sort.stream().anyMatch(s -> s.attribute().equals(name))) {
        throw ApiProblem.badRequest(field, field + " names " + name + " twice");
      }
      sort.add(new ListQuery.SortKey(name, descending));
    }
    return sort;
  }

  private static List<String> splitList(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      parts.add(part.trim());
    }
    return parts;
  }

  private static int parseLimit(String raw, String field) {
    try {
      return checkLimit(Integer.parseInt(raw.trim()), field);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(field, "limit must be an integer");
    }
  }

  private static int checkLimit(int limit, String field) {
    if (limit < 1 || limit > ResourceDeclaration.MAX_LIMIT) {
      throw ApiProblem.invalid(
          field, "limit must be between 1 and " + ResourceDeclaration.MAX_LIMIT);
    }
    return limit;
  }

  private static int limitOrDefault(Integer limit) {
    return limit == null ? ResourceDeclaration.DEFAULT_LIMIT : limit;
  }
}
