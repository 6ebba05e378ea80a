package io.keeplive.gateway.session;

import io.keeplive.contracts.retry.Backoff;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.Mode;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.RowChanges;
import io.keeplive.gateway.refetch.Rows;
import io.keeplive.gateway.refetch.Subscriber;
import io.keeplive.gateway.session.internal.SubscriptionStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One live subscription of a session: planned by resource-service as the session's user, then a
 * member of a refetch cohort until it is unsubscribed or the session ends.
 *
 * <p>Lifecycle: planning → member (after {@code join}) → ended. Planning retries transport failures
 * with backoff for as long as the subscription is active, so a subscription made while
 * resource-service restarts still converges. All state changes happen under the session's lock; the
 * registry is only ever called outside it (lock order: registry → cohort → session).
 */
final class Subscription implements Subscriber {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final LiveSession session;
  private final SubscriptionStream stream;
  // The subscription as JSON text, parsed again for each (rare) plan: a Jackson tree per idle
  // session costs several times the text.
  private final String query;
  // Guarded by the session lock.
  private CohortRegistry.Membership membership;
  private boolean ended;
  private int reservedTopics;
  // Whether the current membership delivered its first result (a sync waits for it).
  private boolean fetched;
  // The wait before planning again after a failed plan, reset by a successful one.
  private final Backoff planRetry;

  /**
   * @param etag the etag the client resubscribes with (SPEC §4.3), or null
   */
  Subscription(LiveSession session, String id, Mode mode, ObjectNode query, String etag) {
    this.session = session;
    this.stream = new SubscriptionStream(id, mode, etag);
    this.query = query.toString();
    var refetch = session.context().properties().refetch();
    this.planRetry = Backoff.exponential(refetch.retryMin(), refetch.retryMax());
  }

  private String resource() {
    ObjectNode parsed = parsedQuery();
    return parsed.has("resource") ? parsed.get("resource").asString() : "?";
  }

  private ObjectNode parsedQuery() {
    return (ObjectNode) JSON.readTree(query);
  }

  String id() {
    return stream.id();
  }

  Mode mode() {
    return stream.mode();
  }

  SubscriptionStream stream() {
    return stream;
  }

  /** Asks resource-service for the plan, then joins the cohort. */
  void plan() {
    String token = session.auth().token();
    String tenant = session.auth().tenant();
    if (token == null) {
      return;
    }
    session
        .context()
        .api()
        .plan(token, parsedQuery())
        .timeout(session.context().properties().refetch().timeout())
        .subscribe(
            outcome -> {
              if (outcome instanceof LiveApi.PlanOutcome.Planned planned) {
                join(tenant, planned);
              } else if (outcome instanceof LiveApi.PlanOutcome.Refused refused) {
                session.endSubscription(this, refused.code(), refused.detail());
              }
            },
            error -> {
              session
                  .context()
                  .failures()
                  .failed("Planning a subscription to " + resource() + " (retried)", error);
              retryPlan();
            });
  }

  private void join(String tenant, LiveApi.PlanOutcome.Planned planned) {
    if (isEnded()) {
      return;
    }
    int topics = planned.plan().topics().size();
    if (!session.reserveTopics(this, topics)) {
      session.endSubscription(
          this,
          ErrorCode.TOO_MANY_SUBSCRIPTIONS,
          "at most "
              + session.context().properties().limits().maxTopics()
              + " topics per session; this subscription listens on "
              + topics);
      return;
    }
    CohortRegistry.Membership joined =
        session.context().registry().join(tenant, planned.plan(), this);
    boolean endedMeanwhile;
    synchronized (session) {
      endedMeanwhile = ended;
      if (!ended) {
        membership = joined;
        planRetry.reset();
      }
    }
    if (endedMeanwhile) {
      joined.leave();
    }
  }

  private void retryPlan() {
    long delay;
    synchronized (session) {
      if (ended) {
        return;
      }
      // Jittered: after a resource-service restart, the subscriptions of every session must not
      // all plan again at the same moment.
      delay = planRetry.next().toMillis();
    }
    session.context().scheduler().schedule(this::plan, delay, TimeUnit.MILLISECONDS);
  }

  /** Leaves the cohort and plans again (after a token refresh changed the session's roles). */
  void replan() {
    CohortRegistry.Membership previous;
    synchronized (session) {
      if (ended) {
        return;
      }
      previous = membership;
      membership = null;
      fetched = false;
      session.releaseTopicsLocked(reservedTopics);
      reservedTopics = 0;
    }
    if (previous != null) {
      previous.leave();
    }
    plan();
  }

  /** Records the topics taken of the session's budget; under the lock. */
  void reservedLocked(int topics) {
    reservedTopics += topics;
  }

  /** Marks the subscription ended; returns the membership to leave (outside the session lock). */
  CohortRegistry.Membership endLocked() {
    ended = true;
    session.releaseTopicsLocked(reservedTopics);
    reservedTopics = 0;
    CohortRegistry.Membership m = membership;
    membership = null;
    return m;
  }

  private boolean isEnded() {
    synchronized (session) {
      return ended;
    }
  }

  @Override
  public String token() {
    return session.auth().token();
  }

  @Override
  public Instant tokenExpiresAt() {
    return session.auth().expiry();
  }

  /** Records a delivery; returns whether it is the first of the current membership. Locked. */
  boolean fetchedLocked() {
    boolean first = !fetched;
    fetched = true;
    return first;
  }

  boolean isFetchedLocked() {
    return fetched;
  }

  @Override
  public void deliver(Rows rows, Instant cause, long at) {
    session.publish(this, rows, null, cause, at);
  }

  @Override
  public void deliver(Rows rows, RowChanges changes, Instant cause, long at) {
    session.publish(this, rows, changes, cause, at);
  }

  @Override
  public void refused(ErrorCode code, String detail) {
    if (code == ErrorCode.UNAUTHORIZED) {
      session.auth().tokenRejected(detail);
    } else {
      session.endSubscription(this, code, detail);
    }
  }

  @Override
  public String toString() {
    return "Subscription[" + stream.id() + " " + stream.mode().wireName() + "]";
  }
}
