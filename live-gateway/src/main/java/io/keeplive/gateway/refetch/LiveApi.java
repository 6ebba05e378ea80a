package io.keeplive.gateway.refetch;

import io.keeplive.gateway.protocol.ErrorCode;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * resource-service's live API, the only way the gateway reads data. Every call acts as the users
 * whose tokens it carries; the gateway never reads rows any other way.
 *
 * <p>Refusals (bad subscription, forbidden, expired token) are values; only transport failures
 * (resource-service down, timeout, 5xx) are errors of the returned {@link Mono}, and those are
 * retried by the caller.
 */
public interface LiveApi {

  /** {@code POST /api/live/plan} as the user of {@code token}. */
  Mono<PlanOutcome> plan(String token, ObjectNode subscription);

  /**
   * {@code POST /api/live/plans}: one subscription planned for several users at once, each as the
   * user of its own token; the answer is index-aligned with {@code tokens}. This default plans them
   * one by one.
   */
  default Mono<List<PlanOutcome>> plans(List<String> tokens, ObjectNode subscription) {
    return Flux.fromIterable(tokens).concatMap(token -> plan(token, subscription)).collectList();
  }

  /**
   * {@code POST /api/live/query}: one query, refetched for several actors at once. The answer is
   * index-aligned with {@code actors}.
   */
  Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors);

  /**
   * {@link #query} with a hint: actors not to be rechecked may be answered {@link
   * ActorResult.Changed} (the changed rows they may see) instead of their full result. Ignoring the
   * hint is always correct; this default does.
   */
  default Mono<List<ActorResult>> query(
      String resource, ObjectNode query, List<String> actors, Relevance relevance) {
    return query(resource, query, actors);
  }

  /**
   * Ids of the rows changed since the actors' last results, and per actor whether it must be read
   * in full regardless (no last result, or changes of unknown rows).
   */
  record Relevance(List<String> changedIds, List<Boolean> recheck) {
    public Relevance {
      changedIds = List.copyOf(changedIds);
      recheck = List.copyOf(recheck);
    }
  }

  /** The outcome of planning a subscription. */
  sealed interface PlanOutcome {
    record Planned(Plan plan) implements PlanOutcome {}

    record Refused(ErrorCode code, String detail) implements PlanOutcome {}
  }

  /** The outcome of a refetch for one actor. */
  sealed interface ActorResult {
    record Fetched(Rows rows) implements ActorResult {}

    record Failed(ErrorCode code, String detail) implements ActorResult {}

    /**
     * The actor was not read in full: of the changed rows, these are the ones it may see and that
     * match the query now (to be merged into its last result).
     */
    record Changed(List<Rows.Row> rows) implements ActorResult {
      public Changed {
        rows = List.copyOf(rows);
      }
    }
  }
}
