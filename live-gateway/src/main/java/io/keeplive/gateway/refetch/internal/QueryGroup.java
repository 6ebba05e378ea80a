package io.keeplive.gateway.refetch.internal;

import io.keeplive.contracts.retry.Backoff;
import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import io.keeplive.gateway.position.Watermark;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.RowOrder;
import io.keeplive.gateway.refetch.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.node.ObjectNode;

/**
 * All cohorts of one query (tenant + resource + query), refetched together: one batched live API
 * call carries one actor per dirty cohort.
 *
 * <p>Coalescing, per group: the first notification after a quiet period refetches at once (leading
 * edge). Notifications that arrive while that refetch is in flight, or within {@code window} after
 * it started, only mark their cohorts dirty; when the refetch ends, one more refetch covers all of
 * them (trailing edge). So identical refetches are never in flight twice, and a change committed
 * before a refetch started but notified after is always followed by another refetch.
 *
 * <p>In the naive strategy every notification counts separately: each one causes exactly one
 * refetch (still one at a time per subscription, so results stay in order).
 *
 * <p>This class is the coalescing (dirty, in flight, finish); one refetch of the due cohorts, with
 * its calls and the application of their answers, is a {@link RefetchBatch}.
 */
public final class QueryGroup {

  /** Runs a refetch; implemented by the registry (metrics, tracing, timeouts). */
  public interface Fetcher {
    /**
     * @param relevance the changed rows and which actors must be read in full, or {@code null}:
     *     read all
     */
    Mono<List<LiveApi.ActorResult>> fetch(
        QueryGroup group, List<String> actors, LiveApi.Relevance relevance);

    void applied(QueryGroup group, Cohort cohort, LiveApi.ActorResult result);

    /**
     * Something other than the live API call itself failed for {@code group} (the call's own errors
     * are the fetch's): counted and logged, see {@code Failures}.
     */
    void failed(QueryGroup group, RefetchFailure reason, String what, Throwable error);
  }

  private final CohortKey.GroupKey key;
  private final String resource;
  private final ObjectNode query;
  private final RefetchBatch execution;
  private final Paging paging;
  private final Fetcher fetcher;
  private final Scheduler scheduler;
  private final Timing timing;
  // Guarded by this: the wait before retrying a failed refetch, reset by a successful one.
  private final Backoff retry;
  private final boolean naive;
  private final Watermark watermark;
  private final RefetchSlots slots;

  private final Set<Cohort> cohorts = new LinkedHashSet<>();
  // Guarded by this: the coalescing state.
  private final Map<Cohort, Pending> dirty = new LinkedHashMap<>();
  private boolean inFlight;
  private boolean scheduled;
  // Waiting for a slot of the tenant's refetch budget; the batch is taken when it is granted.
  private boolean waiting;
  // Its start within the tenant's rate is reserved and due when the scheduled wait ends.
  private boolean paced;
  private long lastFireNanos = Long.MIN_VALUE / 2;

  /** Coalescing window and retry backoff (the shared {@link Backoff}, from min up to max). */
  public record Timing(Duration window, Duration retryMin, Duration retryMax, int maxActors) {}

  public QueryGroup(
      CohortKey.GroupKey key,
      String resource,
      ObjectNode query,
      Optional<RowOrder> order,
      Fetcher fetcher,
      Scheduler scheduler,
      Timing timing,
      boolean naive,
      Watermark watermark,
      RefetchSlots slots) {
    this.key = key;
    this.watermark = watermark;
    this.slots = slots;
    this.resource = resource;
    this.query = query;
    boolean record = "record".equals(key.kind());
    int limit =
        query.has("limit") && query.get("limit").isInt() ? query.get("limit").intValue() : 1;
    // Changed rows can be merged into results of lists with a reproducible order, and of records;
    // otherwise every cohort is read in full.
    Optional<RowOrder> mergeOrder =
        naive || !(record || order.isPresent()) ? Optional.empty() : order;
    this.execution =
        new RefetchBatch(this, fetcher, mergeOrder, record, limit, timing.maxActors(), naive);
    this.paging = record ? null : new Paging(resource, query);
    this.fetcher = fetcher;
    this.scheduler = scheduler;
    this.timing = timing;
    this.retry = Backoff.exponential(timing.retryMin(), timing.retryMax());
    this.naive = naive;
  }

  public CohortKey.GroupKey key() {
    return key;
  }

  public String resource() {
    return resource;
  }

  public ObjectNode query() {
    return query;
  }

  /**
   * A list's result as the window it is (SPEC §4.2): whether rows follow it and the cursor of its
   * last row. A record's result is returned as it is.
   */
  Rows paged(Rows rows) {
    return paging == null ? rows : paging.window(rows);
  }

  synchronized void addCohort(Cohort cohort) {
    cohorts.add(cohort);
  }

  /** Returns whether the group is now empty. */
  synchronized boolean removeCohort(Cohort cohort) {
    cohorts.remove(cohort);
    Pending pending = dirty.remove(cohort);
    if (pending != null) {
      watermark.release(pending.owes);
    }
    return cohorts.isEmpty();
  }

  public synchronized List<Cohort> cohorts() {
    return new ArrayList<>(cohorts);
  }

  /**
   * A cohort of this group must be refetched.
   *
   * @param cause commit time of the notification, or {@code null} (initial fetch)
   */
  public void markDirty(Cohort cohort, Instant cause) {
    if (addDirty(cohort, cause, null, 0)) {
      kick();
    }
  }

  /**
   * Marks a cohort dirty without starting a refetch, so that several cohorts hit by one
   * notification go into one batched call; follow with {@link #kick()}.
   *
   * @param rowId the changed row of this group's resource, or {@code null} when the change is of
   *     another resource or unknown: then the cohort is read in full
   * @param position the position the cohort owes the tenant's watermark until a refetch that starts
   *     after this call is published, or 0 (a duplicate, an initial fetch)
   * @return whether the cohort belongs to this group
   */
  public synchronized boolean addDirty(Cohort cohort, Instant cause, String rowId, long position) {
    if (!cohorts.contains(cohort)) {
      return false;
    }
    Pending pending = dirty.computeIfAbsent(cohort, c -> new Pending());
    pending.add(cause, naive ? null : rowId);
    if (position > 0 && (pending.owes == 0 || position < pending.owes)) {
      watermark.owe(position);
      pending.adopt(position, watermark);
    }
    return true;
  }

  /** The tenant's watermark, which this group's refetches hold back while they are owed. */
  Watermark watermark() {
    return watermark;
  }

  /**
   * Starts a refetch now (leading edge) or schedules one, unless one is in flight, scheduled or
   * waiting for a slot.
   */
  public void kick() {
    synchronized (this) {
      if (inFlight || scheduled || waiting || dirty.isEmpty()) {
        return;
      }
      long wait = lastFireNanos + timing.window().toNanos() - System.nanoTime();
      if (wait > 0) {
        schedule(wait);
        return;
      }
    }
    start();
  }

  // Guarded by this.
  private void schedule(long delayNanos) {
    scheduled = true;
    scheduler.schedule(this::fireScheduled, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void fireScheduled() {
    synchronized (this) {
      scheduled = false;
    }
    start();
  }

  /**
   * Asks the tenant's refetch budget for a slot; the refetch runs when it is granted, now or when
   * the tenant's turn comes. Meanwhile new notifications fold into it.
   */
  private void start() {
    synchronized (this) {
      if (inFlight || waiting || dirty.isEmpty()) {
        return;
      }
      long wait = paced ? 0 : slots.pace(key.tenant());
      paced = wait > 0;
      if (paced) {
        // The start is reserved: when the wait is over, the refetch goes on to its slot.
        schedule(wait);
        return;
      }
      waiting = true;
    }
    slots.acquire(key.tenant(), this::fire);
  }

  /** Runs with a slot of the tenant's budget, which {@link #finish} gives back. */
  private void fire() {
    // Sampled before the batch is taken: every notification up to it marked its cohorts before it
    // was recorded as consumed, so it is in this batch or was covered before (package note of
    // io.keeplive.gateway.position).
    long at = watermark.consumed();
    Map<Cohort, RefetchBatch.Due> batch = take();
    if (batch == null) {
      // Every cohort left while the refetch waited: nothing to read, the slot goes back.
      slots.release(key.tenant());
      return;
    }
    try {
      execution.execute(batch, at);
    } catch (RuntimeException e) {
      // Failing before the call is under way must not leave the group in flight for good (no
      // refetch would ever start again): the cohorts stay dirty and are retried with backoff.
      fetcher.failed(this, RefetchFailure.INTERNAL, "Starting a refetch", e);
      batch.forEach((cohort, due) -> requeue(cohort, due.cause(), due.owes()));
      finish(true);
    }
  }

  /** The due cohorts, now in flight; {@code null} if there are none. */
  private synchronized Map<Cohort, RefetchBatch.Due> take() {
    waiting = false;
    if (inFlight || dirty.isEmpty()) {
      return null;
    }
    Map<Cohort, RefetchBatch.Due> batch = new LinkedHashMap<>();
    var it = dirty.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      Pending pending = entry.getValue();
      batch.put(
          entry.getKey(),
          new RefetchBatch.Due(
              pending.cause, pending.recheck, new LinkedHashSet<>(pending.ids), pending.owes));
      if (naive && pending.count > 1) {
        pending.count--;
        pending.cause = null;
        // The refetch just taken covers what was owed.
        pending.owes = 0;
      } else {
        it.remove();
      }
    }
    inFlight = true;
    lastFireNanos = System.nanoTime();
    return batch;
  }

  /**
   * Puts a cohort back among the dirty ones (its refetch failed or must read in full), with the
   * position it still owes; a cohort that left meanwhile owes nothing any more.
   */
  synchronized void requeue(Cohort cohort, Instant cause, long owes) {
    if (cohorts.contains(cohort)) {
      Pending pending = dirty.computeIfAbsent(cohort, c -> new Pending());
      pending.add(cause, null);
      pending.adopt(owes, watermark);
    } else {
      watermark.release(owes);
    }
  }

  /**
   * The refetch started by {@link #fire()} is over: its slot goes back, and the next one is
   * scheduled if any is due.
   */
  void finish(boolean failed) {
    // Outside this group's monitor: the slot may start another group's refetch on this thread.
    slots.release(key.tenant());
    synchronized (this) {
      inFlight = false;
      if (!failed) {
        retry.reset();
      }
      if (dirty.isEmpty() || scheduled) {
        return;
      }
      // A failure waits a jittered, growing time: after a resource-service restart the groups of
      // every gateway must not come back in lockstep.
      long delay =
          failed
              ? retry.next().toNanos()
              : lastFireNanos + timing.window().toNanos() - System.nanoTime();
      // Always through the scheduler: a trailing refetch must not grow the caller's stack.
      schedule(delay);
    }
  }

  /** Number of cohorts currently waiting for a refetch (for debugging and tests). */
  public synchronized int dirtyCount() {
    return dirty.size();
  }

  public synchronized boolean inFlight() {
    return inFlight;
  }
}
