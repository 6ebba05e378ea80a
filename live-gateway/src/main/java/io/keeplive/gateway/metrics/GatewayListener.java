package io.keeplive.gateway.metrics;

import io.keeplive.gateway.protocol.Mode;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything observable that happens in the gateway, as callbacks with no-op defaults. Metrics
 * implement it; tests implement the parts they watch. Implementations must be quick and
 * thread-safe: they are called from event loops and the Kafka thread.
 */
public interface GatewayListener {

  GatewayListener NONE = new GatewayListener() {};

  default void sessionOpened() {}

  default void sessionClosed() {}

  default void subscriptionStarted(Mode mode) {}

  default void subscriptionEnded(Mode mode) {}

  default void notification(NotificationOutcome outcome) {}

  /**
   * One live API call finished, reading {@code actors} cohorts of one query (merged ones not
   * counted); {@code kind} is {@code list} or {@code record}.
   */
  default void refetched(String kind, int actors, Duration latency) {}

  /**
   * In one live API call, {@code actors} cohorts were not read in full: they got the changed rows
   * they may see, to be merged into their results.
   */
  default void refetchesMerged(String kind, int actors) {}

  /**
   * A refetch, a plan or a live API call failed (see {@link RefetchFailure}); what failed is
   * retried or, for {@code refused}, ends the subscriptions concerned.
   */
  default void refetchFailed(RefetchFailure reason) {}

  /**
   * A refetch waits for a slot of the refetch budget ({@code keeplive.gateway.refetch.budget.*});
   * it starts when its tenant's turn comes.
   */
  default void refetchDeferred(RefetchDeferral reason) {}

  /** A message about a subscription was written; {@code type} is result/insert/update/delete. */
  default void pushed(String type) {}

  /** Messages for a slow client were dropped (and replaced by a resync). */
  default void dropped(int messages) {}

  /** A subscription of a slow client was resynced with one fresh {@code result}. */
  default void resynced() {}

  /**
   * A session's connection was dropped without a close handshake: the client had not completed the
   * gateway's close within the close grace, typically because it stopped reading.
   */
  default void aborted() {}

  /** A push caused by a notification; {@code latency} is from the write's commit to the push. */
  default void delivered(Duration latency) {}

  /** The notification consumer ran into {@code trouble} (see {@link ConsumerTrouble}). */
  default void consumerTrouble(ConsumerTrouble trouble) {}

  /** What went wrong while reading notifications. */
  enum ConsumerTrouble {
    /** Reading failed (broker, network, metadata); retried with backoff, nothing skipped. */
    FAILURE,
    /**
     * Notifications were gone from Kafka's log before this instance read them (retention, deleted
     * records, a truncated log): every cohort is read in full again.
     */
    GAP;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a refetch, plan or live API call failed: the {@code reason} tag, a closed set. */
  enum RefetchFailure {
    /** The call took longer than {@code keeplive.gateway.refetch.timeout}; retried. */
    TIMEOUT,
    /** resource-service could not be reached or broke the connection; retried. */
    UNAVAILABLE,
    /** resource-service answered 5xx; retried. */
    SERVER_ERROR,
    /**
     * resource-service refused this gateway's service credential ({@code
     * keeplive.live-api.service-token} differs between the two); retried, but a configuration
     * error.
     */
    SERVICE_UNAUTHORIZED,
    /** The answer was unusable (too large, or a result missing for an actor); retried. */
    BAD_ANSWER,
    /**
     * resource-service refused a cohort's refetch with an error other than forbidden or an expired
     * token: the subscriptions of that cohort end with that error.
     */
    REFUSED,
    /** A defect in the gateway while starting a refetch or applying its answer. */
    INTERNAL;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a refetch waited for a slot: the {@code reason} tag, a closed set. */
  enum RefetchDeferral {
    /** Its tenant already had {@code max-in-flight-per-tenant} refetches in flight. */
    TENANT_BUDGET,
    /** The gateway already had {@code max-in-flight} refetches in flight. */
    TOTAL_BUDGET,
    /** Its tenant's refetches already started {@code max-rate-per-tenant} times a second. */
    TENANT_RATE;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What became of one Kafka record. */
  enum NotificationOutcome {
    /** At least one cohort listens to one of its topics. */
    MATCHED,
    /** No subscription on this instance listens to its topics. */
    UNMATCHED,
    /** Not a decodable CloudEvents notification; skipped. */
    MALFORMED;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
