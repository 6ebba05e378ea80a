package io.keeplive.resource.read;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.policy.ActorSql;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.RowCodec;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Policy-filtered reads. Each read is one SQL statement whose {@code WHERE} clause contains the
 * tenant, the read policy and the filters, so Postgres never returns a row the actor may not see.
 * Lists are sorted by the requested keys and then by id, so equal queries give equal row orders.
 */
public final class Reads {

  /** Column the batch statement tags every row with: the index of the actor it is for. */
  static final String ACTOR_INDEX = "keeplive_actor_index";

  private static final String ROW_ID = "keeplive_row_id";
  private static final String FIRST = "keeplive_first";

  private final DatabaseClient database;
  private final PolicySql policies;

  public Reads(DatabaseClient database, PolicySql policies) {
    this.database = database;
    this.policies = policies;
  }

  public Flux<Map<String, Object>> list(
      ResourceDeclaration resource, Identity actor, ListQuery query) {
    Sql sql = new Sql();
    appendList(resource, ActorSql.of(actor), query, sql);
    return sql.on(database).map(row -> RowCodec.decode(resource, row)).all();
  }

  /** The row, when it exists in the actor's tenant and the actor may see it. */
  public Mono<Map<String, Object>> get(ResourceDeclaration resource, Identity actor, UUID id) {
    return list(resource, actor, byId(id)).next();
  }

  /**
   * The visible row locked {@code FOR UPDATE} inside the caller's transaction: writes start here so
   * a row the actor cannot see is as absent for writes as for reads.
   */
  public Flux<Map<String, Object>> lockVisible(
      ResourceDeclaration resource, Identity actor, List<UUID> ids) {
    Sql sql = new Sql();
    sql.append("SELECT t.* FROM ")
        .append(resource.table())
        .append(" t WHERE t.tenant_id = ")
        .append(sql.param(actor.tenant(), AttributeType.TEXT))
        .append(" AND t.id = ANY(")
        .append(sql.textArray(ids.stream().map(UUID::toString).toList()))
        .append("::uuid[]) AND ");
    policies.appendReadFilter(resource, "t", ActorSql.of(actor), sql);
    sql.append(" ORDER BY t.id FOR UPDATE OF t");
    return sql.on(database).map(row -> RowCodec.decode(resource, row)).all();
  }

  /**
   * One statement for many actors: the actors are a relation of array parameters (so the text
   * depends only on the query shape), the list query runs laterally once per actor with that
   * actor's policy inputs. Each distinct row is returned (and decoded) once, however many actors
   * see it: the lateral part yields only ids and sort keys, and the full row is joined to the first
   * actor that sees it. The join reads the statement's own snapshot, so the joined row is the
   * version the policy was checked on.
   *
   * <p>The answer is index-aligned with {@code actors}; {@link Batch#rowsOf} of an actor equals
   * what {@link #list} gives that actor.
   */
  public Mono<Batch> listForEach(
      ResourceDeclaration resource, List<Identity> actors, ListQuery query) {
    return listForEach(resource, actors, query, Relevance.ALL);
  }

  /**
   * Which actors of a batch are read in full, and which only get the changed rows they may see now.
   *
   * <p>The caller (the gateway) holds each actor's last result and knows, from the notifications,
   * the ids of the rows changed since. For an actor that is not {@code recheck}ed the statement
   * does not read the list: it answers the changed rows that the actor may see and that match the
   * filter now ({@link Batch#changedOnly}), checked by the same policy SQL as every read. The
   * caller merges them into the last result (docs/architecture.md, "Merging changed rows"); where a
   * merge cannot be exact it asks again with {@code recheck}.
   *
   * <p>This holds only when whether a row is visible depends on that row alone: a policy that looks
   * at a parent row can change a result without any of its rows changing. {@link #listForEach}
   * therefore ignores {@code changedIds} for such resources and reads every actor in full.
   *
   * @param changedIds ids of the rows changed since the actors' last results; empty = read all
   * @param recheck per actor: read in full (no last result, or changes of unknown rows)
   */
  public record Relevance(List<UUID> changedIds, List<Boolean> recheck) {
    public static final Relevance ALL = new Relevance(List.of(), List.of());

    boolean mustRead(int actor) {
      return changedIds.isEmpty() || actor >= recheck.size() || recheck.get(actor);
    }
  }

  public Mono<Batch> listForEach(
      ResourceDeclaration resource, List<Identity> actors, ListQuery query, Relevance relevance) {
    if (actors.isEmpty()) {
      return Mono.just(new Batch(List.of(), List.of(), List.of()));
    }
    boolean merging = !relevance.changedIds().isEmpty() && rowLocal(resource);
    Sql sql = new Sql();
    sql.append("WITH hits AS (SELECT a.actor_index, r.tenant_id, r.id");
    for (int k = 0; k < query.sort().size(); k++) {
      sql.append(", r.").append(query.sort().get(k).attribute()).append(" AS s").append("" + k);
    }
    sql.append(
        ", r.id IS NOT NULL AND row_number() OVER (PARTITION BY r.tenant_id, r.id ORDER BY"
            + " a.actor_index) = 1 AS first");
    // The actors are four array parameters, not a VALUES list: the statement's text then depends
    // only on the query shape, so the driver's and PostgreSQL's prepared-statement caches hit
    // (one entry per shape instead of one per actor count and recheck pattern) and a batch of n
    // actors binds 4 values instead of 4n.
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
    // LEFT JOIN … ON TRUE: an actor that sees nothing still yields one row.
    sql.append(") AS a LEFT JOIN LATERAL (");
    if (merging) {
      sql.append("(");
    }
    appendList(resource, ActorSql.columnsOf("a"), query, sql, merging ? "a.recheck" : null);
    if (merging) {
      // The other actors: only the changed rows they may see and that match the filter now.
      sql.append(") UNION ALL (SELECT t.* FROM ")
          .append(resource.table())
          .append(" t WHERE NOT a.recheck AND t.tenant_id = a.tenant_id AND t.id = ANY(")
          .append(sql.textArray(relevance.changedIds().stream().map(UUID::toString).toList()))
          .append("::uuid[]) AND ");
      policies.appendReadFilter(resource, "t", ActorSql.columnsOf("a"), sql);
      for (ListQuery.Filter filter : query.filters()) {
        sql.append(" AND ");
        appendFilter(resource.require(filter.attribute()), filter.values(), sql);
      }
      sql.append(")");
    }
    sql.append(") r ON TRUE) SELECT h.actor_index AS ")
        .append(ACTOR_INDEX)
        .append(", h.id AS ")
        .append(ROW_ID)
        .append(", h.first AS ")
        .append(FIRST)
        .append(", t.* FROM hits h LEFT JOIN ")
        .append(resource.table())
        .append(
            " t ON h.first AND t.tenant_id = h.tenant_id AND t.id = h.id ORDER BY h.actor_index");
    StringBuilder order = new StringBuilder();
    for (int k = 0; k < query.sort().size(); k++) {
      order.append(", h.s").append(k).append(query.sort().get(k).descending() ? " DESC" : " ASC");
    }
    if (query.sort().stream().noneMatch(key -> key.attribute().equals(ResourceDeclaration.ID))) {
      order.append(", h.id ASC");
    }
    sql.append(order.toString());
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<Object, Integer> indexOfId = new HashMap<>();
    List<List<Integer>> perActor = new ArrayList<>();
    List<Boolean> changedOnly = new ArrayList<>();
    for (int i = 0; i < actors.size(); i++) {
      perActor.add(new ArrayList<>());
      changedOnly.add(merging && !relevance.mustRead(i));
    }
    return sql.on(database)
        .map(
            row -> {
              int actor = row.get(ACTOR_INDEX, Integer.class);
              Object id = row.get(ROW_ID);
              Map<String, Object> decoded =
                  Boolean.TRUE.equals(row.get(FIRST, Boolean.class))
                      ? RowCodec.decode(resource, row)
                      : null;
              return new Hit(actor, id, decoded);
            })
        .all()
        .doOnNext(
            hit -> {
              if (hit.id() == null) {
                return;
              }
              Integer index = indexOfId.get(hit.id());
              if (index == null) {
                index = rows.size();
                indexOfId.put(hit.id(), index);
                rows.add(hit.row());
              }
              perActor.get(hit.actor()).add(index);
            })
        .then(Mono.fromSupplier(() -> new Batch(rows, perActor, changedOnly)));
  }

  private record Hit(int actor, Object id, Map<String, Object> row) {}

  /**
   * The answer of {@link #listForEach}: every distinct row once, and per actor the indexes of its
   * rows in order: its whole result, or ({@code changedOnly}) just the changed rows it may see now.
   */
  public record Batch(
      List<Map<String, Object>> rows, List<List<Integer>> indexes, List<Boolean> changedOnly) {

    public List<Map<String, Object>> rowsOf(int actor) {
      return indexes.get(actor).stream().map(rows::get).toList();
    }
  }

  /** Whether a row's visibility depends on that row alone (no parent in the read policy). */
  static boolean rowLocal(ResourceDeclaration resource) {
    return resource.readPolicy().grants().stream().allMatch(g -> rowLocal(g.condition()));
  }

  private static boolean rowLocal(Condition condition) {
    if (condition instanceof Condition.Parent) {
      return false;
    }
    if (condition instanceof Condition.AllOf all) {
      return all.conditions().stream().allMatch(Reads::rowLocal);
    }
    if (condition instanceof Condition.AnyOf any) {
      return any.conditions().stream().allMatch(Reads::rowLocal);
    }
    return true;
  }

  /** The query of a record read: the id, at most one row. */
  public static ListQuery byId(UUID id) {
    return new ListQuery(
        List.of(new ListQuery.Filter(ResourceDeclaration.ID, List.of(id))), List.of(), 1);
  }

  private void appendList(ResourceDeclaration resource, ActorSql actor, ListQuery query, Sql sql) {
    appendList(resource, actor, query, sql, null);
  }

  /** {@code gate}: a condition on the actor alone that must hold for the list to be read. */
  private void appendList(
      ResourceDeclaration resource, ActorSql actor, ListQuery query, Sql sql, String gate) {
    sql.append("SELECT t.* FROM ")
        .append(resource.table())
        .append(" t WHERE ")
        .append(gate == null ? "" : gate + " AND ")
        .append("t.tenant_id = ")
        .append(actor.tenant(sql))
        .append(" AND ");
    policies.appendReadFilter(resource, "t", actor, sql);
    for (ListQuery.Filter filter : query.filters()) {
      sql.append(" AND ");
      appendFilter(resource.require(filter.attribute()), filter.values(), sql);
    }
    sql.append(" ORDER BY ");
    appendOrder(query, "t", sql, "");
    sql.append(" LIMIT ").append(String.valueOf(query.limit()));
  }

  private static void appendFilter(Attribute attribute, List<Object> values, Sql sql) {
    List<Object> present = values.stream().filter(v -> v != null).toList();
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

  private static void appendOrder(ListQuery query, String alias, Sql sql, String lead) {
    StringBuilder order = new StringBuilder(lead);
    for (ListQuery.SortKey key : query.sort()) {
      order
          .append(alias)
          .append(".")
          .append(key.attribute())
          .append(key.descending() ? " DESC" : " ASC")
          .append(", ");
    }
    if (query.sort().stream().noneMatch(k -> k.attribute().equals(ResourceDeclaration.ID))) {
      order.append(alias).append(".id ASC");
    } else {
      order.setLength(order.length() - 2);
    }
    sql.append(order.toString());
  }
}
