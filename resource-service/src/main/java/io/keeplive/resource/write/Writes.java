package io.keeplive.resource.write;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.Effect;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.declaration.Term;
import io.keeplive.resource.outbox.OutboxEntry;
import io.keeplive.resource.outbox.OutboxWriter;
import io.keeplive.resource.policy.PolicyEvaluator;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.store.RowCodec;
import io.keeplive.resource.store.Sql;
import io.keeplive.resource.write.internal.ChangeTopics;
import io.keeplive.resource.write.internal.Idempotency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every write of every declared resource, each in one R2DBC transaction:
 *
 * <ol>
 *   <li>lock the target rows that the actor can see ({@code SELECT … FOR UPDATE} with the read
 *       policy in the {@code WHERE}); an invisible row is a 404, like a missing one;
 *   <li>check the action's write policy on the locked (old) row, then {@code If-Match};
 *   <li>apply the action's effects, write only what changed ({@code version + 1}, {@code updated_at
 *       = now()}), {@code RETURNING} the new row;
 *   <li>append one outbox entry per changed record, topics from old and new values: for a create,
 *       an update or a destroy in the same statement as the row change ({@link
 *       OutboxWriter#prefix}), for a bulk update as one statement after all row changes.
 * </ol>
 *
 * Any refusal or failure raises before commit, so the transaction rolls back and nothing is
 * written: neither the row nor its outbox row.
 */
public final class Writes {

  private static final List<String> BOOKKEEPING =
      List.of(ResourceDeclaration.VERSION, ResourceDeclaration.UPDATED_AT);

  private final DatabaseClient database;
  private final TransactionalOperator transactions;
  private final Reads reads;
  private final PolicyEvaluator policies;
  private final Resources resources;
  private final OutboxWriter outbox;
  private final WriteListener listener;
  private final Duration idempotencyRetention;

  public Writes(
      DatabaseClient database,
      TransactionalOperator transactions,
      Reads reads,
      PolicyEvaluator policies,
      Resources resources,
      OutboxWriter outbox,
      WriteListener listener,
      Duration idempotencyRetention) {
    this.database = database;
    this.transactions = transactions;
    this.reads = reads;
    this.policies = policies;
    this.resources = resources;
    this.outbox = outbox;
    this.listener = listener;
    this.idempotencyRetention = idempotencyRetention;
  }

  public Mono<WriteResult> execute(WriteRequest request) {
    Mono<Outcome> work =
        switch (request.action().kind()) {
          case CREATE -> create(request);
          case UPDATE -> update(request);
          case DESTROY -> destroy(request);
          case BULK_UPDATE -> bulk(request);
        };
    String resource = request.resource().name();
    String action = request.action().name();
    return transactions
        .transactional(work)
        .doOnNext(outcome -> listener.committed(resource, action, outcome.changedRecords()))
        .doOnError(
            failure ->
                listener.refused(
                    resource,
                    action,
                    failure instanceof ApiProblem problem ? problem.code() : ProblemCode.INTERNAL))
        .map(Outcome::result);
  }

  /** A result plus how many records it changed. */
  private record Outcome(WriteResult result, int changedRecords) {}

  // --- create ---------------------------------------------------------------------------------

  private Mono<Outcome> create(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    Identity actor = request.actor();
    Idempotency idempotency =
        new Idempotency(
            database, resource, actor, request.idempotencyKey(), request, idempotencyRetention);
    return idempotency
        .claim()
        .flatMap(
            replay ->
                replay.isPresent()
                    ? Mono.just(new Outcome(new WriteResult(List.of(), replay.get()), 0))
                    : insertNew(request)
                        .flatMap(
                            row ->
                                idempotency
                                    .remember(row)
                                    .thenReturn(
                                        new Outcome(new WriteResult(List.of(row), null), 1))));
  }

  private Mono<Map<String, Object>> insertNew(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    return visibleParent(request)
        .then(Mono.fromCallable(() -> newRecord(request)))
        .doOnNext(row -> requireAllowed(request, row))
        .flatMap(
            row ->
                insert(
                    request,
                    row,
                    // Topics from the values being inserted; the database adds only version and
                    // timestamps, which no publication uses.
                    List.of(
                        entry(
                            request,
                            row.get(ResourceDeclaration.ID),
                            null,
                            row,
                            createdAttributes(resource)))));
  }

  private Mono<Void> visibleParent(WriteRequest request) {
    if (request.resource().nestedUnder().isEmpty()) {
      return Mono.empty();
    }
    String reference = request.resource().nestedUnder().get();
    ResourceDeclaration parent = resources.parentOf(request.resource(), reference);
    UUID parentId =
        request
            .parentId()
            .orElseThrow(() -> new IllegalStateException("nested create without parent"));
    return reads
        .get(parent, request.actor(), parentId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(parent.name(), parentId)))
        .then();
  }

  private Map<String, Object> newRecord(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    Identity actor = request.actor();
    Map<String, Object> row = new LinkedHashMap<>();
    for (Attribute attribute : resource.attributes()) {
      String name = attribute.name();
      boolean nestedReference = resource.nestedUnder().filter(name::equals).isPresent();
      if (nestedReference) {
        row.put(name, request.parentId().orElseThrow());
        continue;
      }
      switch (attribute.source()) {
        case SYSTEM -> {
          if (name.equals(ResourceDeclaration.ID)) {
            row.put(name, UUID.randomUUID());
          } else if (name.equals(ResourceDeclaration.TENANT)) {
            row.put(name, actor.tenant());
          }
        }
        case INPUT ->
            row.put(
                name,
                request.arguments().containsKey(attribute.inputName())
                    ? request.arguments().get(attribute.inputName())
                    : attribute.defaultValue());
        case ACTOR -> row.put(name, actor.user());
        case INPUT_WITH_ACTOR -> {
          LinkedHashSet<Object> set = new LinkedHashSet<>();
          set.add(actor.user());
          Object sent = request.arguments().get(attribute.inputName());
          if (sent instanceof List<?> elements) {
            set.addAll(elements);
          }
          checkSize(attribute, set.size(), attribute.inputName());
          row.put(name, List.copyOf(set));
        }
        case PARENT -> row.put(name, request.parentId().orElseThrow());
      }
    }
    return row;
  }

  /** Inserts the row and appends its outbox entries, in one statement where the writer can. */
  private Mono<Map<String, Object>> insert(
      WriteRequest request, Map<String, Object> row, List<OutboxEntry> entries) {
    ResourceDeclaration resource = request.resource();
    Sql sql = new Sql();
    boolean appended = outbox.prefix(sql, request.actor().tenant(), entries);
    List<String> columns = new ArrayList<>(row.keySet());
    List<String> values = new ArrayList<>();
    for (String column : columns) {
      values.add(sql.param(row.get(column), resource.require(column).type()));
    }
    columns.addAll(
        List.of(
            ResourceDeclaration.VERSION,
            ResourceDeclaration.CREATED_AT,
            ResourceDeclaration.UPDATED_AT));
    values.addAll(List.of("1", "now()", "now()"));
    sql.append("INSERT INTO ")
        .append(resource.table())
        .append(" (")
        .append(String.join(", ", columns))
        .append(") VALUES (")
        .append(String.join(", ", values))
        .append(") RETURNING *");
    return sql.on(database)
        .map(r -> RowCodec.decode(resource, r))
        .one()
        .flatMap(inserted -> appendUnlessDone(request, entries, appended).thenReturn(inserted));
  }

  private static List<String> createdAttributes(ResourceDeclaration resource) {
    return resource.attributes().stream()
        .filter(a -> a.source() != Attribute.Source.SYSTEM)
        .map(Attribute::name)
        .toList();
  }

  // --- update, destroy, bulk -------------------------------------------------------------------

  private Mono<Outcome> update(WriteRequest request) {
    UUID id = request.ids().get(0);
    return lockOne(request, id)
        .flatMap(
            old -> {
              Map<String, Object> changes = changes(request, old);
              if (changes.isEmpty()) {
                return Mono.just(new Outcome(new WriteResult(List.of(old), null), 0));
              }
              // Topics from the old row and the values the UPDATE writes: version and updated_at,
              // which it also changes, are used by no publication.
              Map<String, Object> after = new LinkedHashMap<>(old);
              after.putAll(changes);
              OutboxEntry entry = entry(request, id, old, after, List.copyOf(changes.keySet()));
              return updateRow(request, old, changes, List.of(entry))
                  .map(row -> new Outcome(new WriteResult(List.of(row), null), 1));
            });
  }

  private Mono<Outcome> destroy(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    UUID id = request.ids().get(0);
    return lockOne(request, id)
        .flatMap(
            old -> {
              List<OutboxEntry> entries = List.of(entry(request, id, old, null, List.of()));
              Sql sql = new Sql();
              boolean appended = outbox.prefix(sql, request.actor().tenant(), entries);
              sql.append("DELETE FROM ")
                  .append(resource.table())
                  .append(" WHERE tenant_id = ")
                  .append(sql.param(request.actor().tenant(), AttributeType.TEXT))
                  .append(" AND id = ")
                  .append(sql.param(id, AttributeType.UUID));
              return sql.on(database)
                  .then()
                  .then(Mono.defer(() -> appendUnlessDone(request, entries, appended)))
                  .thenReturn(new Outcome(new WriteResult(List.of(old), null), 1));
            });
  }

  private Mono<Outcome> bulk(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    List<UUID> ids = request.ids().stream().distinct().toList();
    return reads
        .lockVisible(resource, request.actor(), ids)
        .collectMap(row -> (UUID) row.get(ResourceDeclaration.ID), Function.identity())
        .flatMap(
            locked -> {
              for (UUID id : ids) {
                if (!locked.containsKey(id)) {
                  throw new ApiProblem(
                      ProblemCode.NOT_FOUND,
                      "ids",
                      "ids: " + resource.name() + " " + id + " not found");
                }
                requireAllowed(request, locked.get(id));
              }
              List<OutboxEntry> entries = new ArrayList<>();
              Map<UUID, Map<String, Object>> after = new LinkedHashMap<>(locked);
              return Flux.fromIterable(ids)
                  .concatMap(
                      id -> {
                        Map<String, Object> old = locked.get(id);
                        Map<String, Object> changes = changes(request, old);
                        if (changes.isEmpty()) {
                          return Mono.empty();
                        }
                        return updateRow(request, old, changes, List.of())
                            .doOnNext(
                                row -> {
                                  after.put(id, row);
                                  entries.add(
                                      entry(request, id, old, row, List.copyOf(changes.keySet())));
                                });
                      })
                  .then(Mono.defer(() -> append(request, entries)))
                  .then(
                      Mono.fromSupplier(
                          () ->
                              new Outcome(
                                  new WriteResult(ids.stream().map(after::get).toList(), null),
                                  entries.size())));
            });
  }

  /** The visible target row, locked, with the write policy and {@code If-Match} checked. */
  private Mono<Map<String, Object>> lockOne(WriteRequest request, UUID id) {
    return reads
        .lockVisible(request.resource(), request.actor(), List.of(id))
        .next()
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(request.resource().name(), id)))
        .doOnNext(
            old -> {
              requireAllowed(request, old);
              request
                  .expectedVersion()
                  .filter(expected -> !expected.equals(old.get(ResourceDeclaration.VERSION)))
                  .ifPresent(
                      expected -> {
                        throw new ApiProblem(
                            ProblemCode.VERSION_MISMATCH,
                            "If-Match",
                            "If-Match is version "
                                + expected
                                + " but the record is at version "
                                + old.get(ResourceDeclaration.VERSION));
                      });
            });
  }

  private void requireAllowed(WriteRequest request, Map<String, Object> row) {
    boolean allowed =
        policies.allows(
            request.resource(),
            request.action().policy(),
            request.actor(),
            row,
            request.arguments(),
            io.keeplive.resource.policy.PolicyEvaluator.Parents.none());
    if (!allowed) {
      throw ApiProblem.forbidden(
          "not allowed to "
              + request.action().name()
              + " "
              + request.resource().name()
              + (row.get(ResourceDeclaration.ID) == null
                      || request.action().kind() == Action.Kind.CREATE
                  ? ""
                  : " " + row.get(ResourceDeclaration.ID)));
    }
  }

  /** The new values of the attributes the action's effects actually change. */
  private Map<String, Object> changes(WriteRequest request, Map<String, Object> old) {
    Map<String, Object> changes = new LinkedHashMap<>();
    for (Effect effect : request.action().effects()) {
      if (effect.value() instanceof Term.Argument argument
          && !request.arguments().containsKey(argument.name())) {
        continue;
      }
      Object value = resolve(effect.value(), request, old);
      Attribute attribute = request.resource().require(effect.attribute());
      Object current =
          changes.containsKey(attribute.name())
              ? changes.get(attribute.name())
              : old.get(attribute.name());
      Object next;
      if (effect instanceof Effect.Assign) {
        next = value;
      } else {
        List<Object> set = new ArrayList<>((List<?>) current);
        if (effect instanceof Effect.AddTo && !set.contains(value)) {
          set.add(value);
          checkSize(attribute, set.size(), attribute.name());
        } else if (effect instanceof Effect.RemoveFrom) {
          set.remove(value);
        }
        next = List.copyOf(set);
      }
      if (!Objects.equals(next, old.get(attribute.name()))) {
        changes.put(attribute.name(), next);
      } else {
        changes.remove(attribute.name());
      }
    }
    return changes;
  }

  private static Object resolve(Term term, WriteRequest request, Map<String, Object> old) {
    if (term instanceof Term.Argument argument) {
      return request.arguments().get(argument.name());
    }
    if (term instanceof Term.Value value) {
      return value.value();
    }
    if (term instanceof Term.ActorUser) {
      return request.actor().user();
    }
    return old.get(((Term.Attr) term).name());
  }

  /**
   * Updates the row and appends {@code entries}, in one statement where the writer can (bulk
   * updates pass none and append all of theirs at the end).
   */
  private Mono<Map<String, Object>> updateRow(
      WriteRequest request,
      Map<String, Object> old,
      Map<String, Object> changes,
      List<OutboxEntry> entries) {
    ResourceDeclaration resource = request.resource();
    Sql sql = new Sql();
    boolean appended = entries.isEmpty() || outbox.prefix(sql, request.actor().tenant(), entries);
    sql.append("UPDATE ").append(resource.table()).append(" SET ");
    String assignments =
        changes.entrySet().stream()
            .map(
                change ->
                    change.getKey()
                        + " = "
                        + sql.param(change.getValue(), resource.require(change.getKey()).type()))
            .collect(Collectors.joining(", "));
    sql.append(assignments)
        .append(", version = version + 1, updated_at = now() WHERE tenant_id = ")
        .append(sql.param(old.get(ResourceDeclaration.TENANT), AttributeType.TEXT))
        .append(" AND id = ")
        .append(sql.param(old.get(ResourceDeclaration.ID), AttributeType.UUID))
        .append(" RETURNING *");
    return sql.on(database)
        .map(r -> RowCodec.decode(resource, r))
        .one()
        .flatMap(updated -> appendUnlessDone(request, entries, appended).thenReturn(updated));
  }

  private static void checkSize(Attribute attribute, int size, String field) {
    if (attribute.maxSize() > 0 && size > attribute.maxSize()) {
      throw ApiProblem.invalid(
          field, field + " must have at most " + attribute.maxSize() + " elements");
    }
  }

  // --- outbox ---------------------------------------------------------------------------------

  private OutboxEntry entry(
      WriteRequest request,
      Object id,
      Map<String, Object> before,
      Map<String, Object> after,
      List<String> changed) {
    return new OutboxEntry(
        UUID.randomUUID(),
        request.actor().tenant(),
        request.resource().name(),
        request.action().name(),
        request.action().type(),
        id.toString(),
        ChangeTopics.of(request.resource(), before, after),
        request.actor().user(),
        changed.stream().filter(name -> !BOOKKEEPING.contains(name)).toList(),
        request.traceparent().orElse(null));
  }

  private Mono<Void> append(WriteRequest request, List<OutboxEntry> entries) {
    return outbox.append(request.actor().tenant(), entries);
  }

  /** The separate append for a writer that could not join the row-changing statement. */
  private Mono<Void> appendUnlessDone(
      WriteRequest request, List<OutboxEntry> entries, boolean appended) {
    return appended ? Mono.empty() : append(request, entries);
  }
}
