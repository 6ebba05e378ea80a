package io.keeplive.resource.read;

import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyset predicate of a window (SPEC §4.2): "row {@code t} sorts after position p" in a list's
 * order — its sort keys, then {@code id} ascending — written out key by key so that each key keeps
 * its own direction and nulls sort exactly as {@code ORDER BY} sorts them (PostgreSQL's default:
 * null is the largest value, so last ascending and first descending).
 *
 * <p>The predicate is {@code ge(k1) AND (gt(k1) OR (eq(k1) AND (gt(k2) OR …)))}: the leading {@code
 * ge(k1)} is implied by the rest but is a plain range on the first key, which an index on {@code
 * (tenant_id, k1, …)} turns into the start of its scan (ResourceKeysetPlanTest shows the plan).
 * Pure: it only appends text and parameters.
 */
final class Keyset {

  /** One key of the order with the position's value of it. */
  private record Bound(Attribute attribute, boolean descending, Object value) {}

  private Keyset() {}

  /** {@code (…)}: true when the row of alias {@code t} sorts strictly after {@code position}. */
  static String after(
      ResourceDeclaration resource, ListQuery query, ListQuery.Position position, Sql sql) {
    List<Bound> bounds = bounds(resource, query, position);
    String rest = null;
    for (int k = bounds.size() - 1; k >= 0; k--) {
      Bound bound = bounds.get(k);
      String gt = greater(bound, sql);
      rest = rest == null ? gt : "(" + gt + " OR (" + equal(bound, sql) + " AND " + rest + "))";
    }
    return "(" + greaterOrEqual(bounds.get(0), sql) + " AND " + rest + ")";
  }

  /**
   * True when the row sorts at or before {@code position}. Not simply {@code NOT after(…)}: a
   * comparison with a null column is null in SQL, and {@code NOT null} would drop the row.
   */
  static String notAfter(
      ResourceDeclaration resource, ListQuery query, ListQuery.Position position, Sql sql) {
    return "NOT COALESCE(" + after(resource, query, position, sql) + ", FALSE)";
  }

  private static List<Bound> bounds(
      ResourceDeclaration resource, ListQuery query, ListQuery.Position position) {
    List<Bound> bounds = new ArrayList<>();
    for (int k = 0; k < query.sort().size(); k++) {
      ListQuery.SortKey key = query.sort().get(k);
      bounds.add(
          new Bound(resource.require(key.attribute()), key.descending(), position.values().get(k)));
    }
    if (query.sort().stream().noneMatch(k -> k.attribute().equals(ResourceDeclaration.ID))) {
      bounds.add(new Bound(resource.require(ResourceDeclaration.ID), false, position.id()));
    }
    return bounds;
  }

  private static String column(Bound bound) {
    return "t." + bound.attribute().name();
  }

  private static String value(Bound bound, Sql sql) {
    AttributeType type = bound.attribute().type();
    return sql.param(bound.value(), type);
  }

  /** The row's key sorts strictly after the bound's value. */
  private static String greater(Bound bound, Sql sql) {
    String column = column(bound);
    if (bound.value() == null) {
      // Null is the largest value: nothing is after it ascending; every non-null is, descending.
      return bound.descending() ? column + " IS NOT NULL" : "FALSE";
    }
    if (bound.descending()) {
      // Nulls come first descending, so before any value: never after it.
      return column + " < " + value(bound, sql);
    }
    String greater = column + " > " + value(bound, sql);
    return bound.attribute().nullable() ? "(" + greater + " OR " + column + " IS NULL)" : greater;
  }

  private static String equal(Bound bound, Sql sql) {
    return bound.value() == null
        ? column(bound) + " IS NULL"
        : column(bound) + " = " + value(bound, sql);
  }

  /** The row's key sorts after or level with the bound's value. */
  private static String greaterOrEqual(Bound bound, Sql sql) {
    String column = column(bound);
    if (bound.value() == null) {
      return bound.descending() ? "TRUE" : column + " IS NULL";
    }
    if (bound.descending()) {
      return column + " <= " + value(bound, sql);
    }
    String atLeast = column + " >= " + value(bound, sql);
    return bound.attribute().nullable() ? "(" + atLeast + " OR " + column + " IS NULL)" : atLeast;
  }
}
