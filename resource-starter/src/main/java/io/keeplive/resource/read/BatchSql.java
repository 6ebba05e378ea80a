package io.keeplive.resource.read;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.policy.ActorSql;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one statement of {@link Reads#listForEach}, built without a database (its text is pinned by a
 * snapshot test). The actors are a relation of array parameters, the list query runs laterally once
 * per actor with that actor's policy inputs, and each distinct row is joined in full only for the
 * first actor that sees it. The join reads the statement's own snapshot, so the joined row is the
 * version the policy was checked on.
 */
final class BatchSql {

  /** Column the statement tags every row with: the index of the actor it is for. */
  static final String ACTOR_INDEX = "keeplive_actor_index";

  /** Column with the row's id (null: the actor sees nothing). */
  static final String ROW_ID = "keeplive_row_id";

  /** Column that is true when the row is inside the actor's window (see {@link ListSql}). */
  static final String IN_WINDOW = ListSql.IN_WINDOW;

  /** Column that is true on the one row of each id that carries the full row. */
  static final String FIRST = "keeplive_first";

  private BatchSql() {}

  /**
   * @param merging whether actors not to be rechecked get only the changed rows ({@link
   *     Reads.Relevance}); false reads every actor in full
   */
  static Sql build(
      PolicySql policies,
      ResourceDeclaration resource,
      List<Identity> actors,
      ListQuery query,
      Reads.Relevance relevance,
      boolean merging) {
    Sql sql = new Sql();
    sql.append("WITH hits AS (SELECT a.actor_index, r.tenant_id, r.id");
    for (int k = 0; k < query.sort().size(); k++) {
      sql.append(", r.").append(query.sort().get(k).attribute()).append(" AS s").append("" + k);
    }
    sql.append(", r.").append(IN_WINDOW).append(" AS w");
    sql.append(
        ", r.id IS NOT NULL AND row_number() OVER (PARTITION BY r.tenant_id, r.id ORDER BY"
            + " a.actor_index) = 1 AS first");
    appendActors(actors, relevance, merging, sql);
    // LEFT JOIN … ON TRUE: an actor that sees nothing still yields one row.
    sql.append(") AS a LEFT JOIN LATERAL (");
    if (merging) {
      sql.append("(");
    }
    ListSql.appendList(
        policies,
        resource,
        ActorSql.columnsOf("a"),
        query,
        sql,
        merging ? "a.recheck" : null,
        true);
    if (merging) {
      appendChangedRows(policies, resource, query, relevance.changedIds(), sql);
    }
    sql.append(") r ON TRUE) SELECT h.actor_index AS ")
        .append(ACTOR_INDEX)
        .append(", h.id AS ")
        .append(ROW_ID)
        .append(", h.first AS ")
        .append(FIRST)
        .append(", h.w AS ")
        .append(IN_WINDOW)
        .append(", t.* FROM hits h LEFT JOIN ")
        .append(resource.table())
        .append(" t ON h.first AND t.tenant_id = h.tenant_id AND t.id = h.id ORDER BY")
        .append(" h.actor_index, ")
        .append(ListSql.order(query, "h", "s"));
    return sql;
  }

  /**
   * The actors as four array parameters, not a VALUES list: the statement's text then depends only
   * on the query shape, so the driver's and PostgreSQL's prepared-statement caches hit (one entry
   * per shape instead of one per actor count and recheck pattern) and a batch of n actors binds 4
   * values instead of 4n.
   */
  private static void appendActors(
      List<Identity> actors, Reads.Relevance relevance, boolean merging, Sql sql) {
    List<String> roles = new ArrayList<>(actors.size());
    List<Boolean> readInFull = new ArrayList<>(actors.size());
    for (int i = 0; i < actors.size(); i++) {
      roles.add(Sql.arrayLiteral(actors.get(i).roles()));
      readInFull.add(!merging || relevance.mustRead(i));
    }
    sql.append(" FROM (SELECT (v.n - 1)::int AS actor_index, v.tenant_id, v.user_id,")
        .append(" v.roles::text[] AS roles, v.recheck FROM unnest(")
        .append(sql.textArray(actors.stream().map(Identity::tenant).toList()))
        .append(", ")
        .append(sql.textArray(actors.stream().map(Identity::user).toList()))
        .append(", ")
        .append(sql.textArray(roles))
        .append(", ")
        .append(sql.booleanArray(readInFull))
        .append(") WITH ORDINALITY AS v(tenant_id, user_id, roles, recheck, n)");
  }

  /** The actors not rechecked: only the changed rows they may see and that match the filter now. */
  private static void appendChangedRows(
      PolicySql policies,
      ResourceDeclaration resource,
      ListQuery query,
      List<UUID> changedIds,
      Sql sql) {
    sql.append(") UNION ALL (SELECT t.*, TRUE AS ")
        .append(IN_WINDOW)
        .append(" FROM ")
        .append(resource.table())
        .append(" t WHERE NOT a.recheck AND t.tenant_id = a.tenant_id AND t.id = ANY(")
        .append(sql.textArray(changedIds.stream().map(UUID::toString).toList()))
        .append("::uuid[]) AND ");
    policies.appendReadFilter(resource, "t", ActorSql.columnsOf("a"), sql);
    ListSql.appendFilters(resource, query, sql);
    sql.append(")");
  }
}
