package io.keeplive.gateway.refetch;

import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.position.Watermark;
import io.keeplive.gateway.position.Watermarks;
import io.keeplive.gateway.refetch.internal.Cohort;
import io.keeplive.gateway.refetch.internal.CohortKey;
import io.keeplive.gateway.refetch.internal.Cohorts;
import io.keeplive.gateway.refetch.internal.QueryGroup;
import io.keeplive.gateway.refetch.internal.RefetchSlots;
import io.keeplive.gateway.refetch.internal.TenantRate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Live subscriptions grouped into refetch cohorts, and the matching of notifications to them.
 *
 * <p>A subscription joins with the plan resource-service made for it. Equal tenant + resource +
 * query + cohort share one {@link Cohort}: one refetch serves all of them. Cohorts of the same
 * query are refetched in one batched live API call ({@link QueryGroup}). A notification marks every
 * cohort listening to one of its topics dirty; the group's coalescing decides when to refetch. The
 * notification's contents go nowhere but into that decision.
 */
public final class CohortRegistry {

  private static final Logger trace = LoggerFactory.getLogger("io.keeplive.gateway.trace");

  private final LiveApi api;
  private final GatewayListener listener;
  private final Cohorts cohorts;
  private final boolean naive;
  private final boolean tracing;
  private final Duration timeout;
  private final AtomicLong isolation = new AtomicLong();
  private final Failures failures;
  private final Watermarks watermarks = new Watermarks();

  public CohortRegistry(
      LiveApi api,
      GatewayProperties.Refetch config,
      GatewayListener listener,
      Scheduler scheduler,
      boolean tracing) {
    this.api = api;
    this.listener = listener;
    this.naive = config.strategy() == GatewayProperties.Strategy.NAIVE;
    this.tracing = tracing;
    this.timeout = config.timeout();
    this.failures = new Failures(listener);
    QueryGroup.Timing timing =
        new QueryGroup.Timing(
            naive ? Duration.ZERO : config.coalesceWindow(),
            config.retryMin(),
            config.retryMax(),
            naive ? 1 : Math.max(1, config.maxActorsPerCall()));
    QueryGroup.Fetcher fetcher = new Fetcher();
    GatewayProperties.Budget budget = config.budget();
    RefetchSlots slots =
        budget.enabled()
            ? new RefetchSlots(
                budget.maxInFlight(),
                budget.maxInFlightPerTenant(),
                TenantRate.of(
                    budget.maxRatePerTenant(), budget.maxInFlightPerTenant(), System::nanoTime),
                listener)
            : RefetchSlots.unlimited();
    this.cohorts =
        new Cohorts(
            (key, plan) ->
                new QueryGroup(
                    key.group(),
                    key.resource(),
                    plan.query(),
                    naive ? Optional.empty() : RowOrder.of(plan.order()),
                    fetcher,
                    scheduler,
                    timing,
                    naive,
                    watermarks.of(key.tenant()),
                    slots));
  }

  /** A subscription's place in a cohort; {@link #leave()} when the subscription ends. */
  public interface Membership {
    void leave();
  }

  /**
   * Joins the cohort of {@code plan}. The subscription is indexed under its topics before anything
   * is fetched, so a change committed while the first fetch is in flight is never missed. If the
   * cohort already has a result, it is delivered at once; otherwise a refetch is requested.
   */
  public Membership join(String tenant, Plan plan, Subscriber subscriber) {
    CohortKey key = Cohorts.keyOf(tenant, plan, naive ? isolation.incrementAndGet() : 0);
    Cohorts.Joined joined = cohorts.join(key, plan, subscriber);
    if (joined.needsFetch()) {
      joined.cohort().group().markDirty(joined.cohort(), null);
    }
    Cohort cohort = joined.cohort();
    return () -> cohorts.leave(cohort, subscriber);
  }

  /** Every tenant's "consumed up to" position (SPEC §4.1), which {@code sync} waits on. */
  public Watermarks watermarks() {
    return watermarks;
  }

  /**
   * Matches one decoded notification; returns the number of cohorts it made dirty. Called by the
   * one consumer thread, in partition order.
   */
  public int onNotification(ResourceChanged event) {
    Watermark watermark = watermarks.of(event.tenant());
    // A duplicate (or an envelope without position) still refetches, but owes nothing: what it
    // carries was owed, and covered, when it first arrived.
    long position = event.hasPosition() && watermark.isNew(event.position()) ? event.position() : 0;
    Set<Cohort> matched = cohorts.matching(event.tenant(), event.topics());
    listener.notification(
        matched.isEmpty()
            ? GatewayListener.NotificationOutcome.UNMATCHED
            : GatewayListener.NotificationOutcome.MATCHED);
    if (tracing) {
      trace.info(
          "notification {} tenant={} topics={} → {} cohort(s) {}",
          event.id(),
          event.tenant(),
          event.topics(),
          matched.size(),
          matched);
    }
    Set<QueryGroup> groups = new LinkedHashSet<>();
    for (Cohort cohort : matched) {
      // The changed row lets the batch answer just that row, to be merged into results; a change
      // of another resource (e.g. a membership) gives no such hint: those cohorts are read.
      String rowId = event.resource().equals(cohort.group().resource()) ? event.recordId() : null;
      if (cohort.group().addDirty(cohort, event.occurredAt(), rowId, position)) {
        groups.add(cohort.group());
      }
    }
    // Only now, with every cohort it concerns owing it, may the position count as consumed.
    watermark.consumed(position);
    groups.forEach(QueryGroup::kick);
    return matched.size();
  }

  /**
   * Notifications may have been lost to this instance (they left Kafka's log before it read them):
   * every cohort is read in full once more, so every view converges without them. Results that did
   * not change are not pushed.
   *
   * @return the number of cohorts marked
   */
  public int refetchAll() {
    List<Cohort> all = cohorts.all();
    Set<QueryGroup> groups = new LinkedHashSet<>();
    for (Cohort cohort : all) {
      // No row id: the cohort is read in full, not merged. The lost notifications are all above
      // what was consumed: owing the next position holds every sync back until the view is read.
      long lost = watermarks.of(cohort.key().tenant()).consumed() + 1;
      if (cohort.group().addDirty(cohort, null, null, lost)) {
        groups.add(cohort.group());
      }
    }
    groups.forEach(QueryGroup::kick);
    return all.size();
  }

  /** Per tenant, per topic: how many subscriptions listen and in which cohorts. */
  public Map<String, Map<String, TopicView>> snapshot() {
    Map<String, Map<String, TopicView>> out = new TreeMap<>();
    cohorts
        .snapshot()
        .forEach(
            (tenant, topics) -> {
              Map<String, TopicView> views = new TreeMap<>();
              topics.forEach(
                  (topic, list) -> {
                    Map<String, Integer> perCohort = new LinkedHashMap<>();
                    int subscriptions = 0;
                    for (Cohort cohort : list) {
                      int size = cohort.size();
                      subscriptions += size;
                      perCohort.merge(
                          cohort.key().resource()
                              + " "
                              + cohort.key().query()
                              + " cohort="
                              + cohort.key().cohort(),
                          size,
                          Integer::sum);
                    }
                    views.put(topic, new TopicView(subscriptions, perCohort));
                  });
              out.put(tenant, views);
            });
    return out;
  }

  /** Debug view of one topic. */
  public record TopicView(int subscriptions, Map<String, Integer> cohorts) {}

  public int cohortCount() {
    return cohorts.cohortCount();
  }

  public int groupCount() {
    return cohorts.groupCount();
  }

  private final class Fetcher implements QueryGroup.Fetcher {
    @Override
    public Mono<List<LiveApi.ActorResult>> fetch(
        QueryGroup group, List<String> actors, LiveApi.Relevance relevance) {
      String kind = group.key().kind();
      long started = System.nanoTime();
      if (tracing) {
        trace.info(
            "refetch tenant={} {} {} for {} actor(s)",
            group.key().tenant(),
            group.resource(),
            group.key().query(),
            actors.size());
      }
      return api.query(group.resource(), group.query(), actors, relevance)
          .timeout(timeout)
          .doOnNext(
              results -> {
                int merged =
                    (int)
                        results.stream()
                            .filter(r -> r instanceof LiveApi.ActorResult.Changed)
                            .count();
                listener.refetched(
                    kind, actors.size() - merged, Duration.ofNanos(System.nanoTime() - started));
                if (merged > 0) {
                  listener.refetchesMerged(kind, merged);
                }
              })
          .doOnError(
              error ->
                  failures.failed(
                      "Refetching " + group.resource() + " (" + kind + ", retried)", error));
    }

    @Override
    public void failed(
        QueryGroup group, GatewayListener.RefetchFailure reason, String what, Throwable error) {
      failures.record(
          reason, what + " of " + group.resource() + " (" + group.key().kind() + ")", error);
    }

    @Override
    public void applied(QueryGroup group, Cohort cohort, LiveApi.ActorResult result) {
      if (tracing) {
        trace.info(
            "refetched {} → {}",
            cohort,
            result instanceof LiveApi.ActorResult.Fetched f ? f.rows() : result);
      }
    }
  }
}
