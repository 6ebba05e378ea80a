package io.keeplive.gateway.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Every metric of the gateway, in the shape all Keeplive metrics take (docs/architecture.md,
 * "Metric names"): Micrometer name without a unit, meter type, base unit, tag keys and description.
 * The Prometheus name follows from Micrometer's naming convention and is noted per constant:
 * dashboards, alerts and deploy/metrics-in-use.txt use those names, and GatewayMetricTest pins
 * them. Tags are low-cardinality by construction: no tenant, no user, no subscription id.
 */
public enum GatewayMetric implements MeterDocumentation {
  /** {@code keeplive_gateway_sessions}: open WebSocket sessions. */
  SESSIONS("keeplive.gateway.sessions", Meter.Type.GAUGE, null, "Open WebSocket sessions"),
  /** {@code keeplive_gateway_subscriptions{mode}} (refetch, stream): active subscriptions. */
  SUBSCRIPTIONS(
      "keeplive.gateway.subscriptions",
      Meter.Type.GAUGE,
      null,
      "Active subscriptions",
      GatewayMetricTag.MODE),
  /**
   * {@code keeplive_gateway_notifications_total{outcome}} (matched, unmatched, malformed): Kafka
   * records consumed.
   */
  NOTIFICATIONS(
      "keeplive.gateway.notifications",
      Meter.Type.COUNTER,
      null,
      "Kafka records consumed, by outcome",
      GatewayMetricTag.OUTCOME),
  /**
   * {@code keeplive_gateway_refetches_total{kind}} (list, record): cohort refetches, i.e. actors
   * read by {@code /api/live/query} (one batched call of n cohorts counts n; merged ones are not
   * counted).
   */
  REFETCHES(
      "keeplive.gateway.refetches",
      Meter.Type.COUNTER,
      null,
      "Cohorts read by the live API",
      GatewayMetricTag.KIND),
  /**
   * {@code keeplive_gateway_refetches_merged_total{kind}}: cohorts of a batched call that were not
   * read in full but got the changed rows they may see, merged into their results.
   */
  REFETCHES_MERGED(
      "keeplive.gateway.refetches.merged",
      Meter.Type.COUNTER,
      null,
      "Cohorts that got changed rows merged instead of a full read",
      GatewayMetricTag.KIND),
  /**
   * {@code keeplive_gateway_refetch_latency_seconds{kind}}, with histogram: duration of one live
   * API query call.
   */
  REFETCH_LATENCY(
      "keeplive.gateway.refetch.latency",
      Meter.Type.TIMER,
      null,
      "Duration of one live API query call",
      GatewayMetricTag.KIND),
  /**
   * {@code keeplive_gateway_refetch_failures_total{reason}} ({@link
   * GatewayListener.RefetchFailure}): refetches, plans and live API calls that failed. Each failure
   * is also logged (at most once per reason per 10 s, with the number not logged).
   */
  REFETCH_FAILURES(
      "keeplive.gateway.refetch.failures",
      Meter.Type.COUNTER,
      null,
      "Refetches, plans and live API calls that failed, by reason",
      GatewayMetricTag.REASON),
  /**
   * {@code keeplive_gateway_pushes_total{type}} (result, insert, update, delete): messages written
   * to clients.
   */
  PUSHES(
      "keeplive.gateway.pushes",
      Meter.Type.COUNTER,
      null,
      "Messages written to clients, by type",
      GatewayMetricTag.TYPE),
  /**
   * {@code keeplive_gateway_drops_total}: queued messages dropped for slow clients (each drop is
   * followed by a resync).
   */
  DROPS("keeplive.gateway.drops", Meter.Type.COUNTER, null, "Queued messages dropped"),
  /** {@code keeplive_gateway_resyncs_total}: subscriptions resynced with one fresh result. */
  RESYNCS("keeplive.gateway.resyncs", Meter.Type.COUNTER, null, "Subscriptions resynced"),
  /**
   * {@code keeplive_gateway_aborts_total}: connections dropped without a close handshake because
   * the client had not completed the gateway's close within {@code close-grace} (a client that
   * stopped reading).
   */
  ABORTS(
      "keeplive.gateway.aborts",
      Meter.Type.COUNTER,
      null,
      "Connections dropped after the client did not complete a server close"),
  /**
   * {@code keeplive_gateway_notifications_consumer_errors_total{kind}}: trouble of the notification
   * consumer. {@code failure}: reading failed and is retried with backoff (nothing is skipped);
   * {@code gap}: notifications left Kafka's log before this instance read them, so every cohort was
   * read in full again.
   */
  NOTIFICATION_CONSUMER_ERRORS(
      "keeplive.gateway.notifications.consumer.errors",
      Meter.Type.COUNTER,
      null,
      "Trouble of the notification consumer, by kind",
      GatewayMetricTag.KIND),
  /**
   * {@code keeplive_gateway_session_unsent_bytes{stat}}: the sessions' unsent output (queued plus
   * held by Netty), which {@code max-unsent-bytes} bounds per session. {@code max}: the largest of
   * any session now; {@code high_water}: the most any session of this instance ever held.
   */
  SESSION_UNSENT(
      "keeplive.gateway.session.unsent",
      Meter.Type.GAUGE,
      "bytes",
      "Unsent output of the sessions (queued plus held by Netty)",
      GatewayMetricTag.STAT),
  /**
   * {@code keeplive_gateway_e2e_latency_seconds}, with histogram: from the write's {@code
   * occurred_at} (outbox) to the push.
   */
  E2E_LATENCY(
      "keeplive.gateway.e2e.latency",
      Meter.Type.TIMER,
      null,
      "Commit (outbox occurred_at) to push");

  /** The gateway's tag keys; every value comes from a closed set. */
  public enum GatewayMetricTag implements KeyName {
    MODE("mode"),
    OUTCOME("outcome"),
    KIND("kind"),
    REASON("reason"),
    TYPE("type"),
    STAT("stat");

    private final String key;

    GatewayMetricTag(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }

  private final String name;
  private final Meter.Type type;
  private final String baseUnit;
  private final String description;
  private final KeyName[] keyNames;

  GatewayMetric(
      String name, Meter.Type type, String baseUnit, String description, KeyName... keyNames) {
    this.name = name;
    this.type = type;
    this.baseUnit = baseUnit;
    this.description = description;
    this.keyNames = keyNames;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Meter.Type getType() {
    return type;
  }

  @Override
  public String getBaseUnit() {
    return baseUnit;
  }

  @Override
  public KeyName[] getKeyNames() {
    return keyNames.clone();
  }

  public String description() {
    return description;
  }
}
