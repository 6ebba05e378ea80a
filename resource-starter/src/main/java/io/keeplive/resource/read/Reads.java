package io.keeplive.resource.read;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.policy.ActorSql;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.RowCodec;
import io.keeplive.resource.store.Sql;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Policy-filtered reads. Each read is one SQL statement whose {@code WHERE} clause contains the
 * tenant, the read policy and the filters, so Postgres never returns a row the actor may not see.
 * Lists are sorted by the requested keys and then by id, so equal queries give equal row orders.
 */
public final class Reads {

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
    return listForEach(resource, actors, query, relevance, Budget.UNLIMITED);
  }

  /**
   * As {@link #listForEach(ResourceDeclaration, List, ListQuery, Relevance)}, stopping the
   * statement with {@link Budget.Exceeded} as soon as the rows read so far outweigh {@code budget}:
   * what one batch holds in memory is then bounded by the budget, not by actors × limit.
   */
  public Mono<Batch> listForEach(
      ResourceDeclaration resource,
      List<Identity> actors,
      ListQuery query,
      Relevance relevance,
      Budget budget) {
    if (actors.isEmpty()) {
      return Mono.just(new Batch(List.of(), List.of(), List.of(), List.of()));
    }
    boolean merging = merging(resource, query, relevance);
    Sql sql = BatchSql.build(policies, resource, actors, query, relevance, merging);
    IntPredicate changedOnly = i -> merging && !relevance.mustRead(i);
    BatchCollector collector =
        new BatchCollector(actors.size(), query.limit(), changedOnly, budget);
    return sql.on(database)
        .map(
            row -> {
              int actor = row.get(BatchSql.ACTOR_INDEX, Integer.class);
              Object id = row.get(BatchSql.ROW_ID);
              Map<String, Object> decoded =
                  Boolean.TRUE.equals(row.get(BatchSql.FIRST, Boolean.class))
                      ? RowCodec.decode(resource, row)
                      : null;
              return new BatchCollector.Hit(
                  actor,
                  id,
                  decoded,
                  Boolean.TRUE.equals(row.get(BatchSql.IN_WINDOW, Boolean.class)));
            })
        .all()
        .doOnNext(collector::add)
        .then(Mono.fromSupplier(collector::batch));
  }

  /**
   * The answer of {@link #listForEach}: every distinct row once, and per actor the indexes of its
   * rows in order: its whole result (its window), or ({@code changedOnly}) just the changed rows it
   * may see now; and per actor whether rows follow its window ({@code hasMore}; false for
   * changed-only answers).
   */
  public record Batch(
      List<Map<String, Object>> rows,
      List<List<Integer>> indexes,
      List<Boolean> changedOnly,
      List<Boolean> hasMore) {

    public List<Map<String, Object>> rowsOf(int actor) {
      return indexes.get(actor).stream().map(rows::get).toList();
    }
  }

  /**
   * The one statement {@link #listForEach} runs for these actors, as text and parameters, without
   * running it: its text is what PostgreSQL plans and what prepared-statement caches key on, so
   * tests pin it and explain it.
   */
  public static Sql batchStatement(
      PolicySql policies,
      ResourceDeclaration resource,
      List<Identity> actors,
      ListQuery query,
      Relevance relevance) {
    return BatchSql.build(
        policies, resource, actors, query, relevance, merging(resource, query, relevance));
  }

  /** A window's rows are read in full: merging changed rows assumes a list from the start. */
  private static boolean merging(
      ResourceDeclaration resource, ListQuery query, Relevance relevance) {
    return !relevance.changedIds().isEmpty() && rowLocal(resource) && query.window().isNone();
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
    ListSql.appendList(policies, resource, actor, query, sql, null, false);
  }
}
