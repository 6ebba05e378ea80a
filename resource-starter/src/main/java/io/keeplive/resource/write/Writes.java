package io.keeplive.resource.write;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.outbox.OutboxEntry;
import io.keeplive.resource.outbox.OutboxWriter;
import io.keeplive.resource.policy.PolicyEvaluator;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.store.RowCodec;
import io.keeplive.resource.store.Sql;
import io.keeplive.resource.write.internal.Changes;
import io.keeplive.resource.write.internal.Idempotency;
import io.keeplive.resource.write.internal.OutboxEntries;
import io.keeplive.resource.write.internal.RowStatements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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

  private final DatabaseClient database;
  private final TransactionalOperator transactions;
  private final Reads reads;
  private final PolicyEvaluator policies;
  private final Resources resources;
  private final OutboxWriter outbox;
  private final WriteListener listener;
  private final Duration idempotencyRetention;
  private final WritePositions positions;

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
    this.positions = new WritePositions(outbox);
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
        .transactional(
            work.flatMap(
                outcome ->
                    positions
                        .positioned(request, outcome.result(), outcome.changedRecords())
                        .map(result -> new Outcome(result, outcome.changedRecords()))))
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
                    ? Mono.just(new Outcome(replay.get().result(), 0))
                    : insertNew(request)
                        .flatMap(row -> positions.remembered(idempotency, row))
                        .map(result -> new Outcome(result, 1)));
  }

  private Mono<Map<String, Object>> insertNew(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    return visibleParent(request)
        .then(Mono.fromCallable(() -> Changes.created(request)))
        .doOnNext(row -> requireAllowed(request, row))
        .flatMap(
            row ->
                insert(
                    request,
                    row,
                    // Topics from the values being inserted; the database adds only version and
                    // timestamps, which no publication uses.
                    List.of(
                        OutboxEntries.of(
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

  /** Inserts the row and appends its outbox entries, in one statement where the writer can. */
  private Mono<Map<String, Object>> insert(
      WriteRequest request, Map<String, Object> row, List<OutboxEntry> entries) {
    ResourceDeclaration resource = request.resource();
    Sql sql = new Sql();
    boolean appended = outbox.prefix(sql, request.actor().tenant(), entries);
    RowStatements.insert(resource, row, sql);
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
              Map<String, Object> changes = Changes.of(request, old);
              if (changes.isEmpty()) {
                return Mono.just(new Outcome(new WriteResult(List.of(old), null), 0));
              }
              // Topics from the old row and the values the UPDATE writes: version and updated_at,
              // which it also changes, are used by no publication.
              Map<String, Object> after = new LinkedHashMap<>(old);
              after.putAll(changes);
              OutboxEntry entry =
                  OutboxEntries.of(request, id, old, after, List.copyOf(changes.keySet()));
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
              List<OutboxEntry> entries =
                  List.of(OutboxEntries.of(request, id, old, null, List.of()));
              Sql sql = new Sql();
              boolean appended = outbox.prefix(sql, request.actor().tenant(), entries);
              RowStatements.delete(resource, request.actor().tenant(), id, sql);
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
                        Map<String, Object> changes = Changes.of(request, old);
                        if (changes.isEmpty()) {
                          return Mono.empty();
                        }
                        return updateRow(request, old, changes, List.of())
                            .doOnNext(
                                row -> {
                                  after.put(id, row);
                                  entries.add(
                                      OutboxEntries.of(
                                          request, id, old, row, List.copyOf(changes.keySet())));
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
            PolicyEvaluator.Parents.none());
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
    RowStatements.update(resource, old, changes, sql);
    return sql.on(database)
        .map(r -> RowCodec.decode(resource, r))
        .one()
        .flatMap(updated -> appendUnlessDone(request, entries, appended).thenReturn(updated));
  }

  // --- outbox ---------------------------------------------------------------------------------

  private Mono<Void> append(WriteRequest request, List<OutboxEntry> entries) {
    return outbox.append(request.actor().tenant(), entries);
  }

  /** The separate append for a writer that could not join the row-changing statement. */
  private Mono<Void> appendUnlessDone(
      WriteRequest request, List<OutboxEntry> entries, boolean appended) {
    return appended ? Mono.empty() : append(request, entries);
  }
}
