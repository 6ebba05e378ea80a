package io.keeplive.gateway;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything the gateway can be told under {@code keeplive.gateway.*}. Every field has the SPEC §4
 * default, so an empty configuration is a correct one.
 *
 * @param resourceServiceUrl base URL of resource-service, whose live API ({@code /api/live/plan},
 *     {@code /api/live/query}) the gateway calls as each session's user
 * @param topic Kafka topic the notifications arrive on; every instance reads all of its partitions
 * @param limits per-session protocol limits
 * @param refetch how refetches are grouped, coalesced and retried
 * @param debugTrace log every notification → matched cohorts → refetch → push at INFO (logger
 *     {@code io.keeplive.gateway.trace}); for chasing one bug, not for production traffic
 */
@ConfigurationProperties("keeplive.gateway")
public record GatewayProperties(
    URI resourceServiceUrl, String topic, Limits limits, Refetch refetch, boolean debugTrace) {

  public GatewayProperties {
    resourceServiceUrl =
        resourceServiceUrl == null ? URI.create("http://localhost:8081") : resourceServiceUrl;
    topic = topic == null || topic.isBlank() ? "keeplive.notifications" : topic;
    limits = limits == null ? Limits.defaults() : limits;
    refetch = refetch == null ? Refetch.defaults() : refetch;
  }

  public static GatewayProperties defaults() {
    return new GatewayProperties(null, null, null, null, false);
  }

  /**
   * Per-session limits. Exceeding one is answered as SPEC §4 says and never affects other sessions.
   * Every limit must be at least 1 (durations positive); the gateway refuses to start otherwise,
   * naming the property.
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
      Integer maxFrameBytes,
      Integer maxSubscriptions,
      Integer maxRows,
      Integer messagesPerSecond,
      Integer rateLimitedBeforeClose,
      Duration rateLimitWindow,
      Duration authTimeout,
      Integer maxUnsentBytes,
      Integer maxIdLength,
      Duration closeGrace,
      Duration writeTimeout,
      Integer maxInValues,
      Integer maxTopics,
      Duration pingInterval) {

    public Limits {
      maxFrameBytes = maxFrameBytes == null ? 64 * 1024 : maxFrameBytes;
      maxSubscriptions = maxSubscriptions == null ? 100 : maxSubscriptions;
      maxRows = maxRows == null ? 500 : maxRows;
      messagesPerSecond = messagesPerSecond == null ? 50 : messagesPerSecond;
      rateLimitedBeforeClose = rateLimitedBeforeClose == null ? 100 : rateLimitedBeforeClose;
      rateLimitWindow = rateLimitWindow == null ? Duration.ofSeconds(10) : rateLimitWindow;
      authTimeout = authTimeout == null ? Duration.ofSeconds(10) : authTimeout;
      maxUnsentBytes = maxUnsentBytes == null ? 4 * 1024 * 1024 : maxUnsentBytes;
      maxIdLength = maxIdLength == null ? 128 : maxIdLength;
      closeGrace = closeGrace == null ? Duration.ofSeconds(5) : closeGrace;
      writeTimeout = writeTimeout == null ? Duration.ofSeconds(10) : writeTimeout;
      maxInValues = maxInValues == null ? 100 : maxInValues;
      maxTopics = maxTopics == null ? 1000 : maxTopics;
      pingInterval = pingInterval == null ? Duration.ofSeconds(30) : pingInterval;
      // A zero or negative limit would silently refuse every client or close every session.
      atLeastOne("limits.max-frame-bytes", maxFrameBytes);
      atLeastOne("limits.max-subscriptions", maxSubscriptions);
      atLeastOne("limits.max-rows", maxRows);
      atLeastOne("limits.messages-per-second", messagesPerSecond);
      atLeastOne("limits.rate-limited-before-close", rateLimitedBeforeClose);
      atLeastOne("limits.max-unsent-bytes", maxUnsentBytes);
      atLeastOne("limits.max-in-values", maxInValues);
      atLeastOne("limits.max-topics", maxTopics);
      atLeastOne("limits.max-id-length", maxIdLength);
      positive("limits.rate-limit-window", rateLimitWindow);
      positive("limits.auth-timeout", authTimeout);
      positive("limits.close-grace", closeGrace);
      positive("limits.write-timeout", writeTimeout);
      positive("limits.ping-interval", pingInterval);
    }

    public static Limits defaults() {
      return new Limits(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
  }

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
   */
  public record Refetch(
      Strategy strategy,
      Duration coalesceWindow,
      Integer maxActorsPerCall,
      Duration timeout,
      Duration retryMin,
      Duration retryMax) {

    public Refetch {
      strategy = strategy == null ? Strategy.COHORT : strategy;
      coalesceWindow = coalesceWindow == null ? Duration.ofMillis(25) : coalesceWindow;
      maxActorsPerCall = maxActorsPerCall == null ? 100 : maxActorsPerCall;
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
      retryMin = retryMin == null ? Duration.ofMillis(100) : retryMin;
      retryMax = retryMax == null ? Duration.ofSeconds(2) : retryMax;
      if (coalesceWindow.isNegative()) {
        throw invalid("refetch.coalesce-window", coalesceWindow, "must not be negative");
      }
      atLeastOne("refetch.max-actors-per-call", maxActorsPerCall);
      positive("refetch.timeout", timeout);
      positive("refetch.retry-min", retryMin);
      if (retryMax.compareTo(retryMin) < 0) {
        throw invalid("refetch.retry-max", retryMax, "must not be less than retry-min " + retryMin);
      }
    }

    public static Refetch defaults() {
      return new Refetch(null, null, null, null, null, null);
    }
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw invalid(name, value, "must be at least 1");
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw invalid(name, value, "must be positive");
    }
  }

  private static IllegalArgumentException invalid(String name, Object value, String rule) {
    return new IllegalArgumentException("keeplive.gateway." + name + " " + rule + ", was " + value);
  }

  /** How subscriptions are grouped for refetching. */
  public enum Strategy {
    /** Equal resource + query + policy cohort share one refetch; cohorts of a query are batched. */
    COHORT,
    /** Every subscription refetches on its own: the baseline the benchmark compares against. */
    NAIVE
  }
}
