package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.RowOrder;
import io.keeplive.gateway.refetch.Rows;
import io.keeplive.gateway.refetch.Subscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The execution side of a {@link QueryGroup}: one refetch of the cohorts that were due, in live API
 * calls of at most {@code maxActors} actors each, with the hint of which rows changed, and the
 * application of every answer to its cohort.
 *
 * <p>Whatever fails is put back into the group's coalescing ({@link QueryGroup#requeue}) and the
 * group is told when the whole refetch is over ({@link QueryGroup#finish}), so a failure never
 * leaves a cohort without a retry.
 */
final class RefetchBatch {

  /**
   * What one refetch does for a cohort.
   *
   * @param owes the position the cohort owes the tenant's watermark (0: none): released once the
   *     result is published (or the cohort is given up), handed back with a requeue
   */
  record Due(Instant cause, boolean recheck, Set<String> ids, long owes) {}

  /**
   * One cohort of a refetch with the member whose token reads it, and whether it is read in full
   * ({@code recheck}) or answered with the changed rows it may see.
   */
  private record Target(Cohort cohort, Subscriber actor, Due due, boolean recheck) {}

  private final QueryGroup group;
  private final QueryGroup.Fetcher fetcher;
  private final Optional<RowOrder> order;
  private final boolean record;
  private final int limit;
  private final int maxActors;
  private final boolean naive;

  /**
   * @param order present when changed rows can be merged into results (lists with a reproducible
   *     order); records merge without one
   */
  RefetchBatch(
      QueryGroup group,
      QueryGroup.Fetcher fetcher,
      Optional<RowOrder> order,
      boolean record,
      int limit,
      int maxActors,
      boolean naive) {
    this.group = group;
    this.fetcher = fetcher;
    this.order = order;
    this.record = record;
    this.limit = limit;
    this.maxActors = maxActors;
    this.naive = naive;
  }

  /**
   * Starts the refetch of {@code batch}; the group hears {@link QueryGroup#finish} at its end.
   *
   * @param at the tenant position every result of this refetch reflects (sampled before the batch
   *     was taken)
   */
  void execute(Map<Cohort, Due> batch, long at) {
    Instant now = Instant.now();
    List<Target> targets = new ArrayList<>();
    batch.forEach(
        (cohort, due) -> {
          Subscriber actor = cohort.actor(now);
          if (actor != null) {
            boolean recheck =
                due.recheck() || due.ids().isEmpty() || !(record || order.isPresent()) || naive;
            targets.add(new Target(cohort, actor, due, recheck));
          } else {
            // No member can read (every token expired): their sessions end; nothing to wait for.
            group.watermark().release(due.owes());
          }
        });
    List<List<Target>> chunks = new ArrayList<>();
    for (int start = 0; start < targets.size(); start += maxActors) {
      chunks.add(targets.subList(start, Math.min(targets.size(), start + maxActors)));
    }
    AtomicBoolean failed = new AtomicBoolean();
    Flux.fromIterable(chunks)
        .flatMap(chunk -> call(chunk, failed, at))
        .then()
        .doFinally(signal -> group.finish(failed.get()))
        .subscribe();
  }

  private Mono<List<LiveApi.ActorResult>> call(List<Target> chunk, AtomicBoolean failed, long at) {
    LiveApi.Relevance hint = relevance(chunk);
    return fetcher
        .fetch(group, chunk.stream().map(t -> t.actor().token()).toList(), hint)
        .doOnNext(results -> applyAll(chunk, results, hint, at))
        .onErrorResume(
            error -> {
              failed.set(true);
              chunk.forEach(t -> group.requeue(t.cohort(), t.due().cause(), t.due().owes()));
              return Mono.empty();
            });
  }

  private void applyAll(
      List<Target> chunk, List<LiveApi.ActorResult> results, LiveApi.Relevance hint, long at) {
    for (int j = 0; j < chunk.size(); j++) {
      Target target = chunk.get(j);
      LiveApi.ActorResult result;
      if (j < results.size()) {
        result = results.get(j);
      } else {
        fetcher.failed(
            group, RefetchFailure.BAD_ANSWER, "A refetch answer without this actor", null);
        result = new LiveApi.ActorResult.Failed(null, "missing result");
      }
      boolean requeued = false;
      try {
        requeued = apply(target, result, hint, at);
      } catch (RuntimeException e) {
        // A defect behind one cohort must neither keep the others of this call from their
        // results nor fail the call (which would read every cohort of it again, and again).
        fetcher.failed(group, RefetchFailure.INTERNAL, "Applying a refetch result", e);
      } finally {
        // Published (or given up): the members' queues hold what this refetch owed. A requeue
        // handed the position back to the group instead.
        if (!requeued) {
          group.watermark().release(target.due().owes());
        }
      }
    }
  }

  /**
   * The hint for one call: the rows changed for the cohorts that need not be read in full, and who
   * must be. {@code null} when every actor must be read anyway.
   */
  private static LiveApi.Relevance relevance(List<Target> chunk) {
    Set<String> changed = new LinkedHashSet<>();
    List<Boolean> flags = new ArrayList<>(chunk.size());
    for (Target target : chunk) {
      flags.add(target.recheck());
      if (!target.recheck()) {
        changed.addAll(target.due().ids());
      }
    }
    return changed.isEmpty() ? null : new LiveApi.Relevance(new ArrayList<>(changed), flags);
  }

  /** Applies one answer; returns whether the cohort was requeued (it then still owes). */
  private boolean apply(
      Target target, LiveApi.ActorResult result, LiveApi.Relevance hint, long at) {
    Cohort cohort = target.cohort();
    Instant cause = target.due().cause();
    long owes = target.due().owes();
    fetcher.applied(group, cohort, result);
    if (result instanceof LiveApi.ActorResult.Fetched fetched) {
      cohort.publish(fetched.rows(), cause, at);
      return false;
    }
    if (result instanceof LiveApi.ActorResult.Changed changed) {
      boolean merged =
          hint != null
              && cohort.merge(
                  order.orElse(null), limit, record, hint.changedIds(), changed.rows(), cause, at);
      if (!merged) {
        // A row left a full result (or moved behind its last row): read the list.
        group.requeue(cohort, cause, owes);
        return true;
      }
      return false;
    }
    LiveApi.ActorResult.Failed failed = (LiveApi.ActorResult.Failed) result;
    if (failed.code() == ErrorCode.FORBIDDEN) {
      // The cohort may no longer read this query at all: its view empties.
      cohort.publish(Rows.EMPTY, cause, at);
    } else if (failed.code() == ErrorCode.UNAUTHORIZED) {
      // That member's token is no longer accepted; its session ends. The others retry.
      target.actor().refused(failed.code(), failed.detail());
      group.requeue(cohort, cause, owes);
      return true;
    } else {
      ErrorCode code = failed.code() == null ? ErrorCode.BAD_REQUEST : failed.code();
      fetcher.failed(group, RefetchFailure.REFUSED, "A refetch (" + code.wireName() + ")", null);
      for (Subscriber member : cohort.members()) {
        member.refused(code, failed.detail());
      }
    }
    return false;
  }
}
