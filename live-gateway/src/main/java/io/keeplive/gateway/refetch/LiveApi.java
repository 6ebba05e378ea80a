package io.keeplive.gateway.refetch;

import io.keeplive.gateway.protocol.ErrorCode;
import java.util.List;
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
   * {@code POST /api/live/query}: one query, refetched for several actors at once. The answer is
   * index-aligned with {@code actors}.
   */
  Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors);

  /** The outcome of planning a subscription. */
  sealed interface PlanOutcome {
    record Planned(Plan plan) implements PlanOutcome {}

    record Refused(ErrorCode code, String detail) implements PlanOutcome {}
  }

  /** The outcome of a refetch for one actor. */
  sealed interface ActorResult {
    record Fetched(Rows rows) implements ActorResult {}

    record Failed(ErrorCode code, String detail) implements ActorResult {}
  }
}
