package io.keeplive.gateway.metrics;

/**
 * Every metric of the gateway, with its Micrometer name and the Prometheus name it is exported as
 * (docs/architecture.md, "Metric names"). Tags are low-cardinality by construction: no tenant, no
 * user, no subscription id.
 */
public enum GatewayMetric {
  /** Gauge: open WebSocket sessions. */
  SESSIONS("keeplive.gateway.sessions", "keeplive_gateway_sessions"),
  /** Gauge, tag {@code mode} (refetch, stream): active subscriptions. */
  SUBSCRIPTIONS("keeplive.gateway.subscriptions", "keeplive_gateway_subscriptions"),
  /** Counter, tag {@code outcome} (matched, unmatched, malformed): Kafka records consumed. */
  NOTIFICATIONS("keeplive.gateway.notifications", "keeplive_gateway_notifications_total"),
  /**
   * Counter, tag {@code kind} (list, record): cohort refetches, i.e. actors read by {@code
   * /api/live/query} (one batched call of n cohorts counts n; merged ones are not counted).
   */
  REFETCHES("keeplive.gateway.refetches", "keeplive_gateway_refetches_total"),
  /**
   * Counter, tag {@code kind}: cohorts of a batched call that were not read in full but got the
   * changed rows they may see, merged into their results.
   */
  REFETCHES_MERGED("keeplive.gateway.refetches.merged", "keeplive_gateway_refetches_merged_total"),
  /** Timer with histogram, tag {@code kind}: duration of one live API query call. */
  REFETCH_LATENCY("keeplive.gateway.refetch.latency", "keeplive_gateway_refetch_latency_seconds"),
  /**
   * Counter, tag {@code reason} (timeout, unavailable, server_error, bad_answer, refused,
   * internal): refetches, plans and live API calls that failed. Each failure is also logged (at
   * most once per reason per 10 s, with the number not logged).
   */
  REFETCH_FAILURES("keeplive.gateway.refetch.failures", "keeplive_gateway_refetch_failures_total"),
  /** Counter, tag {@code type} (result, insert, update, delete): messages written to clients. */
  PUSHES("keeplive.gateway.pushes", "keeplive_gateway_pushes_total"),
  /** Counter: queued messages dropped for slow clients (each drop is followed by a resync). */
  DROPS("keeplive.gateway.drops", "keeplive_gateway_drops_total"),
  /** Counter: subscriptions resynced with one fresh result after drops. */
  RESYNCS("keeplive.gateway.resyncs", "keeplive_gateway_resyncs_total"),
  /**
   * Counter: connections dropped without a close handshake because the client had not completed the
   * gateway's close within {@code close-grace} (a client that stopped reading).
   */
  ABORTS("keeplive.gateway.aborts", "keeplive_gateway_aborts_total"),
  /**
   * Counter, tag {@code kind}: trouble of the notification consumer. {@code failure}: reading
   * failed and is retried with backoff (nothing is skipped); {@code gap}: notifications left
   * Kafka's log before this instance read them, so every cohort was read in full again.
   */
  NOTIFICATION_CONSUMER_ERRORS(
      "keeplive.gateway.notifications.consumer.errors",
      "keeplive_gateway_notifications_consumer_errors_total"),
  /**
   * Gauge, tag {@code stat}: the sessions' unsent output in bytes (queued plus held by Netty),
   * which {@code max-unsent-bytes} bounds per session. {@code max}: the largest of any session now;
   * {@code high_water}: the most any session of this instance ever held.
   */
  SESSION_UNSENT("keeplive.gateway.session.unsent", "keeplive_gateway_session_unsent_bytes"),
  /** Timer with histogram: from the write's {@code occurred_at} (outbox) to the push. */
  E2E_LATENCY("keeplive.gateway.e2e.latency", "keeplive_gateway_e2e_latency_seconds");

  private final String meterName;
  private final String prometheusName;

  GatewayMetric(String meterName, String prometheusName) {
    this.meterName = meterName;
    this.prometheusName = prometheusName;
  }

  public String meterName() {
    return meterName;
  }

  public String prometheusName() {
    return prometheusName;
  }
}
