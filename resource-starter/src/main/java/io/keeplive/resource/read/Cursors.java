package io.keeplive.resource.read;

import io.keeplive.contracts.cursor.Cursor;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.problem.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code after} and {@code until} cursors of a list query (SPEC §4.2) into positions of
 * its order, and writes the cursor of a row. A cursor is accepted only for the resource and the
 * normalized sort it was taken from, and only when every value decodes as its attribute's type:
 * anything else is a {@code bad_request} naming the field, before any SQL is built.
 */
public final class Cursors {

  private Cursors() {}

  /** The position of cursor text {@code text} in {@code query}'s order. */
  static ListQuery.Position read(
      ResourceDeclaration resource, List<ListQuery.SortKey> sort, String text, String field) {
    Cursor cursor;
    try {
      cursor = Cursor.decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(field, field + " is not a cursor: " + e.getMessage());
    }
    List<String> wire = sort.stream().map(ListQuery.SortKey::wire).toList();
    if (!cursor.resource().equals(resource.name()) || !cursor.sort().equals(wire)) {
      throw ApiProblem.badRequest(
          field,
          field
              + " is a cursor of another list: it was taken from "
              + cursor.resource()
              + " sorted by "
              + cursor.sort()
              + ", this is "
              + resource.name()
              + " sorted by "
              + wire);
    }
    List<Object> values = new ArrayList<>(sort.size());
    try {
      for (int k = 0; k < sort.size(); k++) {
        values.add(
            Values.fromJson(
                resource.require(sort.get(k).attribute()), cursor.values().get(k), field));
      }
      UUID id = Values.uuid(cursor.id(), field);
      return new ListQuery.Position(values, id, cursor.encode());
    } catch (ApiProblem problem) {
      // A value of the wrong type or outside its attribute's constraints: not a place in this list.
      throw ApiProblem.badRequest(field, field + " is not a cursor of this list");
    }
  }

  /** A JSON string member as cursor text; absent or null: none. */
  static String text(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw ApiProblem.badRequest(field, field + " must be a cursor string");
    }
    return node.stringValue();
  }

  /** The cursor of {@code row} (decoded, as {@link Reads} returns it) in {@code query}'s order. */
  public static String of(ResourceDeclaration resource, ListQuery query, Map<String, Object> row) {
    return Cursor.of(resource.name(), query.sortWire(), RowJson.of(row)).encode();
  }
}
