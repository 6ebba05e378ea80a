package io.keeplive.resource.read;

import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.policy.ActorSql;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SQL of one policy-filtered list read, shared by the single-actor reads and the lateral part
 * of the batch statement ({@link BatchSql}), so both give an actor exactly the same rows. Pure: it
 * only appends text and parameters.
 */
final class ListSql {

  private ListSql() {}

  /** Column of a look-ahead read: whether the row is inside the window (at or before until). */
  static final String IN_WINDOW = "keeplive_in_window";

  /**
   * {@code SELECT t.* …} of {@code query} for {@code actor}; {@code gate} is a condition on the
   * actor alone that must hold for the list to be read (null: none).
   *
   * <p>Without {@code lookahead} the statement reads exactly the window's rows. With it, it reads
   * up to {@code limit + 1} rows after the window's start, each tagged {@link #IN_WINDOW}: the
   * window is the leading tagged rows (at most {@code limit}), and any row read beyond them means
   * more rows follow it ({@code has_more}) — one statement answers both.
   */
  static void appendList(
      PolicySql policies,
      ResourceDeclaration resource,
      ActorSql actor,
      ListQuery query,
      Sql sql,
      String gate,
      boolean lookahead) {
    ListQuery.Window window = query.window();
    sql.append("SELECT t.*");
    if (lookahead) {
      sql.append(", ")
          .append(
              window.until() == null
                  ? "TRUE"
                  : Keyset.notAfter(resource, query, window.until(), sql))
          .append(" AS ")
          .append(IN_WINDOW);
    }
    sql.append(" FROM ")
        .append(resource.table())
        .append(" t WHERE ")
        .append(gate == null ? "" : gate + " AND ")
        .append("t.tenant_id = ")
        .append(actor.tenant(sql))
        .append(" AND ");
    policies.appendReadFilter(resource, "t", actor, sql);
    appendFilters(resource, query, sql);
    if (window.after() != null) {
      sql.append(" AND ").append(Keyset.after(resource, query, window.after(), sql));
    }
    if (!lookahead && window.until() != null) {
      sql.append(" AND ").append(Keyset.notAfter(resource, query, window.until(), sql));
    }
    sql.append(" ORDER BY ");
    sql.append(order(query, "t", ""));
    sql.append(" LIMIT ").append(String.valueOf(query.limit() + (lookahead ? 1 : 0)));
  }

  /** {@code AND <filter>} for every filter of {@code query}, on alias {@code t}. */
  static void appendFilters(ResourceDeclaration resource, ListQuery query, Sql sql) {
    for (ListQuery.Filter filter : query.filters()) {
      sql.append(" AND ");
      appendFilter(resource.require(filter.attribute()), filter.values(), sql);
    }
  }

  private static void appendFilter(Attribute attribute, List<Object> values, Sql sql) {
    List<Object> present = values.stream().filter(Objects::nonNull).toList();
    boolean matchesNull = present.size() < values.size();
    List<String> alternatives = new ArrayList<>();
    for (Object value : present) {
      alternatives.add("t." + attribute.name() + " = " + sql.param(value, attribute.type()));
    }
    if (matchesNull) {
      alternatives.add("t." + attribute.name() + " IS NULL");
    }
    sql.append(alternatives.isEmpty() ? "FALSE" : "(" + String.join(" OR ", alternatives) + ")");
  }

  /**
   * The order of {@code query}: its keys, then {@code id} ascending unless a key is the id. The
   * k-th key is column {@code sortColumnPrefix + k} of {@code alias} (the batch statement's sort
   * columns), or with an empty prefix the attribute itself.
   */
  static String order(ListQuery query, String alias, String sortColumnPrefix) {
    StringBuilder order = new StringBuilder();
    for (int k = 0; k < query.sort().size(); k++) {
      ListQuery.SortKey key = query.sort().get(k);
      String column = sortColumnPrefix.isEmpty() ? key.attribute() : sortColumnPrefix + k;
      order.append(alias).append(".").append(column);
      order.append(key.descending() ? " DESC" : " ASC").append(", ");
    }
    if (query.sort().stream().noneMatch(k -> k.attribute().equals(ResourceDeclaration.ID))) {
      order.append(alias).append(".id ASC");
    } else {
      order.setLength(order.length() - 2);
    }
    return order.toString();
  }
}
