package io.keeplive.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the gateway can be told under {@code keeplive.gateway.*}. Every field has the SPEC §4
 * default, so an empty configuration is a correct one.
 *
 * @param resourceServiceUrl base URL of resource-service, whose live API ({@code /api/live/plan},
 *     {@code /api/live/query}) the gateway calls as each session's user
 * @param resourceUrls base URL of the backend serving each resource that resource-service does not
 *     serve, by resource name (e.g. {@code projects: http://projects:8080}); the gateway plans and
 *     refetches such a resource through that backend's live API, every other resource through
 *     {@code resourceServiceUrl}
 * @param topic Kafka topic the notifications arrive on; every instance reads all of its partitions
 * @param limits per-session protocol limits
 * @param refetch how refetches are grouped, coalesced and retried
 * @param sync how long a {@code sync} may wait, and how many may wait at once
 * @param debugTrace log every notification → matched cohorts → refetch → push at INFO (logger
 *     {@code io.keeplive.gateway.trace}); for chasing one bug, not for production traffic
 */
@ConfigurationProperties("keeplive.gateway")
@Validated
public record GatewayProperties(
    @DefaultValue("http://localhost:8081") @NotNull URI resourceServiceUrl,
    @DefaultValue Map<String, @NotNull URI> resourceUrls,
    @DefaultValue("keeplive.notifications") @NotBlank String topic,
    @DefaultValue @Valid Limits limits,
    @DefaultValue @Valid Refetch refetch,
    @DefaultValue @Valid Sync sync,
    boolean debugTrace) {

  /** What an empty configuration binds to: the defaults are written once, on the components. */
  public static GatewayProperties defaults() {
    return new Binder().bindOrCreate("keeplive.gateway", GatewayProperties.class);
  }

  /**
   * Per-session limits. Exceeding one is answered as SPEC §4 says and never affects other sessions.
   *
   * <p>A zero or negative limit would silently refuse every client or close every session: every
   * limit must be at least 1 (durations positive); the gateway refuses to start otherwise, naming
   * the property.
   *
   * @param maxFrameBytes largest accepted client frame in bytes (UTF-8); larger → close 4413
   * @param maxSubscriptions active subscriptions per session; one more → {@code
   *     too_many_subscriptions}
   * @param maxRows largest {@code limit} a list subscription may ask for; larger → {@code
   *     bad_request}
   * @param messagesPerSecond client messages accepted per second (token bucket of the same size); a
   *     message over it → {@code rate_limited} and is not processed
   * @param rateLimitedBeforeClose a session whose refused messages within {@code rateLimitWindow}
   *     exceed this number is closed with 4429
   * @param rateLimitWindow window over which refused messages are counted
   * @param authTimeout time a new connection has to send its {@code auth} frame; then close 4401
   * @param maxUnsentBytes output of a session not yet written to its socket, in bytes (UTF-8 of the
   *     frames queued, plus what Netty holds for the connection); beyond it a refetch-mode
   *     subscription collapses to its latest result and a stream is resynced with one fresh {@code
   *     result}; a session whose output cannot fit even then is closed with 4408
   * @param writeTimeout time a session that reached {@code maxUnsentBytes} has to drain (read until
   *     nothing is queued for it); then close 4408
   * @param maxInValues most values in one {@code in} filter; more → {@code bad_request}
   * @param maxTopics most topics the subscriptions of one session may listen on together (an {@code
   *     in} filter can make one subscription listen on many); more → {@code too_many_subscriptions}
   * @param pingInterval a session from which nothing arrived for this long is sent a WebSocket
   *     ping; one that still sent nothing (not even the pong) one interval later is closed with
   *     4408
   * @param maxIdLength longest accepted subscription {@code id}
   * @param closeGrace time a client has, after the gateway sent a close frame (4408, 4413, 4429,
   *     …), to complete the close handshake; a connection still open then is dropped (TCP closed
   *     without handshake), so a client that stopped reading cannot keep it and its buffers forever
   */
  public record Limits(
      @DefaultValue("65536") @Min(1) int maxFrameBytes,
      @DefaultValue("100") @Min(1) int maxSubscriptions,
      @DefaultValue("500") @Min(1) int maxRows,
      @DefaultValue("50") @Min(1) int messagesPerSecond,
      @DefaultValue("100") @Min(1) int rateLimitedBeforeClose,
      @DefaultValue("10s") @DurationMin(nanos = 1) Duration rateLimitWindow,
      @DefaultValue("10s") @DurationMin(nanos = 1) Duration authTimeout,
      @DefaultValue("4194304") @Min(1) int maxUnsentBytes,
      @DefaultValue("128") @Min(1) int maxIdLength,
      @DefaultValue("5s") @DurationMin(nanos = 1) Duration closeGrace,
      @DefaultValue("10s") @DurationMin(nanos = 1) Duration writeTimeout,
      @DefaultValue("100") @Min(1) int maxInValues,
      @DefaultValue("1000") @Min(1) int maxTopics,
      @DefaultValue("30s") @DurationMin(nanos = 1) Duration pingInterval) {}

  /**
   * Read your writes (SPEC §4.1).
   *
   * @param timeout time a {@code sync} may wait for its position; then {@code sync_timeout}
   * @param maxPending {@code sync} requests of one session waiting at once; one more → {@code
   *     too_many_syncs} (each holds a timer and a place among its tenant's waiters)
   */
  public record Sync(
      @DefaultValue("10s") @DurationMin(nanos = 1) Duration timeout,
      @DefaultValue("16") @Min(1) int maxPending) {}

  /**
   * Refetch behaviour.
   *
   * @param strategy {@code cohort} (share one refetch per policy cohort, batch cohorts of one
   *     query) or {@code naive} (one refetch per subscription per notification; for benchmarks
   *     only)
   * @param coalesceWindow minimum time between two refetches of one query: the first notification
   *     refetches at once (leading edge), the ones arriving during the window or during the fetch
   *     are folded into one more refetch at its end (trailing edge)
   * @param maxActorsPerCall largest batch of actors in one {@code /api/live/query} call
   * @param timeout time a live API call may take before it counts as failed
   * @param retryMin first delay before retrying a failed refetch or plan
   * @param retryMax the retry delay doubles up to this
   * @param budget how many refetches may be in flight at once, per tenant and in all
   */
  public record Refetch(
      @DefaultValue("cohort") @NotNull Strategy strategy,
      @DefaultValue("25ms") @DurationMin(nanos = 0) Duration coalesceWindow,
      @DefaultValue("100") @Min(1) int maxActorsPerCall,
      @DefaultValue("10s") @DurationMin(nanos = 1) Duration timeout,
      @DefaultValue("100ms") @DurationMin(nanos = 1) Duration retryMin,
      @DefaultValue("2s") @NotNull Duration retryMax,
      @DefaultValue @Valid @NotNull Budget budget) {

    /** Checked by {@code @Validated} like the constraints on the components. */
    @AssertTrue(message = "retry-max must not be less than retry-min")
    public boolean isRetryMaxAtLeastRetryMin() {
      return retryMin == null || retryMax == null || retryMax.compareTo(retryMin) >= 0;
    }
  }

  /**
   * Refetch budgets, so that one tenant's burst cannot delay the others' refetches: all tenants'
   * refetches share resource-service's live API pool, served in arrival order. A refetch over
   * budget waits in the gateway (and folds the notifications that arrive meanwhile into itself)
   * until its tenant's turn; tenants with refetches waiting take turns.
   *
   * @param enabled {@code false}: no budget, every refetch starts at once (to measure what the
   *     budgets do)
   * @param maxInFlight refetches of all tenants in flight at once (one refetch = one query group's
   *     batched read, whatever number of calls it takes); the default is the HTTP client's
   *     connection pool ({@code keeplive.http-client.max-connections}), beyond which calls would
   *     wait in the pool's first-come queue instead of taking turns here
   * @param maxInFlightPerTenant refetches of one tenant in flight at once; the default is
   *     resource-service's live API pool ({@code keeplive.live.pool-size}): one tenant can occupy
   *     at most one replica's worth of it
   * @param maxRatePerTenant refetch starts of one tenant per second, after a burst of {@code
   *     max-in-flight-per-tenant}; more wait, folding the notifications that arrive meanwhile into
   *     themselves. A refetch costs CPU here, in resource-service and in PostgreSQL: without a rate
   *     a tenant whose every write hits many queries takes that CPU from every other tenant. The
   *     default is about a fifth of what one 2-core gateway machine refetches in a second; scale it
   *     with the machine
   */
  public record Budget(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("200") @Min(1) int maxInFlight,
      @DefaultValue("8") @Min(1) int maxInFlightPerTenant,
      @DefaultValue("200") @Min(1) int maxRatePerTenant) {}

  /** How subscriptions are grouped for refetching. */
  public enum Strategy {
    /** Equal resource + query + policy cohort share one refetch; cohorts of a query are batched. */
    COHORT,
    /** Every subscription refetches on its own: the baseline the benchmark compares against. */
    NAIVE
  }
}
