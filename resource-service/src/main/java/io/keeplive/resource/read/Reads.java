package io.keeplive.resource.read;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.policy.ActorSql;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.RowCodec;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
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
   * One statement for many actors: the actors are a {@code VALUES} relation, the list query runs
   * laterally once per actor with that actor's policy inputs. The answer is index-aligned with
   * {@code actors}; each element equals what {@link #list} gives that actor.
   */
  public Mono<List<List<Map<String, Object>>>> listForEach(
      ResourceDeclaration resource, List<Identity> actors, ListQuery query) {
    if (actors.isEmpty()) {
      return Mono.just(List.of());
    }
    Sql sql = new Sql();
    sql.append("SELECT a.actor_index AS ").append(ACTOR_INDEX).append(", r.* FROM (VALUES ");
    for (int i = 0; i < actors.size(); i++) {
      Identity actor = actors.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append("(")
          .append(sql.param(i, AttributeType.INTEGER))
          .append(", ")
          .append(sql.param(actor.tenant(), AttributeType.TEXT))
          .append(", ")
          .append(sql.param(actor.user(), AttributeType.TEXT))
          .append(", ")
          .append(sql.textArray(actor.roles()))
          .append(")");
    }
    sql.append(") AS a(actor_index, tenant_id, user_id, roles) CROSS JOIN LATERAL (");
    appendList(resource, ActorSql.columnsOf("a"), query, sql);
    sql.append(") r ORDER BY a.actor_index");
    appendOrder(query, "r", sql, ", ");
    List<List<Map<String, Object>>> answer = new ArrayList<>();
    for (int i = 0; i < actors.size(); i++) {
      answer.add(new ArrayList<>());
    }
    return sql.on(database)
        .map(row -> Map.entry(row.get(ACTOR_INDEX, Integer.class), RowCodec.decode(resource, row)))
        .all()
        .doOnNext(entry -> answer.get(entry.getKey()).add(entry.getValue()))
        .then(Mono.fromSupplier(() -> answer));
  }

  /** The query of a record read: the id, at most one row. */
  public static ListQuery byId(UUID id) {
    return new ListQuery(
        List.of(new ListQuery.Filter(ResourceDeclaration.ID, List.of(id))), List.of(), 1);
  }

  private void appendList(ResourceDeclaration resource, ActorSql actor, ListQuery query, Sql sql) {
    sql.append("SELECT t.* FROM ")
        .append(resource.table())
        .append(" t WHERE t.tenant_id = ")
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
