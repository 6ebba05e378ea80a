package io.keeplive.gateway.metrics;

import static io.keeplive.contracts.metrics.MeterDefinition.counter;
import static io.keeplive.contracts.metrics.MeterDefinition.gauge;
import static io.keeplive.contracts.metrics.MeterDefinition.timer;

import io.keeplive.contracts.metrics.DocumentedMeter;
import io.keeplive.contracts.metrics.MeterDefinition;
import io.keeplive.contracts.metrics.TagKey;

/**
 * Every metric of the gateway, in the shape all Keeplive metrics take ({@link DocumentedMeter};
 * docs/architecture.md, "Metric names"). The Prometheus name is noted per constant: dashboards,
 * alerts and deploy/metrics-in-use.txt use those names, and GatewayMetricTest pins them. Tags are
 * low-cardinality by construction: no tenant, no user, no subscription id.
 */
public enum GatewayMetric implements DocumentedMeter {
  /** {@code keeplive_gateway_sessions}: open WebSocket sessions. */
  SESSIONS(gauge("keeplive.gateway.sessions", null, "Open WebSocket sessions")),
  /** {@code keeplive_gateway_subscriptions{mode}} (refetch, stream): active subscriptions. */
  SUBSCRIPTIONS(gauge("keeplive.gateway.subscriptions", null, "Active subscriptions", Tag.MODE)),
  /**
   * {@code keeplive_gateway_notifications_total{outcome}} (matched, unmatched, malformed): Kafka
   * records consumed.
   */
  NOTIFICATIONS(
      counter("keeplive.gateway.notifications", "Kafka records consumed, by outcome", Tag.OUTCOME)),
  /**
   * {@code keeplive_gateway_refetches_total{kind}} (list, record): cohort refetches, i.e. actors
   * read by {@code /api/live/query} (one batched call of n cohorts counts n; merged ones are not
   * counted).
   */
  REFETCHES(counter("keeplive.gateway.refetches", "Cohorts read by the live API", Tag.KIND)),
  /**
   * {@code keeplive_gateway_refetches_merged_total{kind}}: cohorts of a batched call that were not
   * read in full but got the changed rows they may see, merged into their results.
   */
  REFETCHES_MERGED(
      counter(
          "keeplive.gateway.refetches.merged",
          "Cohorts that got changed rows merged instead of a full read",
          Tag.KIND)),
  /**
   * {@code keeplive_gateway_refetch_latency_seconds{kind}}, with histogram: duration of one live
   * API query call.
   */
  REFETCH_LATENCY(
      timer("keeplive.gateway.refetch.latency", "Duration of one live API query call", Tag.KIND)),
  /**
   * {@code keeplive_gateway_refetch_failures_total{reason}} ({@link
   * GatewayListener.RefetchFailure}): refetches, plans and live API calls that failed. Each failure
   * is also logged (at most once per reason per 10 s, with the number not logged).
   */
  REFETCH_FAILURES(
      counter(
          "keeplive.gateway.refetch.failures",
          "Refetches, plans and live API calls that failed, by reason",
          Tag.REASON)),
  /**
   * {@code keeplive_gateway_refetches_deferred_total{reason}} ({@link
   * GatewayListener.RefetchDeferral}): refetches that waited for a slot of the refetch budget
   * (their tenant's, or the gateway's), started when their tenant's turn came.
   */
  REFETCHES_DEFERRED(
      counter(
          "keeplive.gateway.refetches.deferred",
          "Refetches that waited for a slot of the refetch budget, by reason",
          Tag.REASON)),
  /**
   * {@code keeplive_gateway_pushes_total{type}} (result, insert, update, delete): messages written
   * to clients.
   */
  PUSHES(counter("keeplive.gateway.pushes", "Messages written to clients, by type", Tag.TYPE)),
  /**
   * {@code keeplive_gateway_drops_total}: queued messages dropped for slow clients (each drop is
   * followed by a resync).
   */
  DROPS(counter("keeplive.gateway.drops", "Queued messages dropped")),
  /** {@code keeplive_gateway_resyncs_total}: subscriptions resynced with one fresh result. */
  RESYNCS(counter("keeplive.gateway.resyncs", "Subscriptions resynced")),
  /**
   * {@code keeplive_gateway_aborts_total}: connections dropped without a close handshake because
   * the client had not completed the gateway's close within {@code close-grace} (a client that
   * stopped reading).
   */
  ABORTS(
      counter(
          "keeplive.gateway.aborts",
          "Connections dropped after the client did not complete a server close")),
  /**
   * {@code keeplive_gateway_notifications_consumer_errors_total{kind}}: trouble of the notification
   * consumer. {@code failure}: reading failed and is retried with backoff (nothing is skipped);
   * {@code gap}: notifications left Kafka's log before this instance read them, so every cohort was
   * read in full again.
   */
  NOTIFICATION_CONSUMER_ERRORS(
      counter(
          "keeplive.gateway.notifications.consumer.errors",
          "Trouble of the notification consumer, by kind",
          Tag.KIND)),
  /**
   * {@code keeplive_gateway_session_unsent_bytes{stat}}: the sessions' unsent output (queued plus
   * held by Netty), which {@code max-unsent-bytes} bounds per session. {@code max}: the largest of
   * any session now; {@code high_water}: the most any session of this instance ever held.
   */
  SESSION_UNSENT(
      gauge(
          "keeplive.gateway.session.unsent",
          "bytes",
          "Unsent output of the sessions (queued plus held by Netty)",
          Tag.STAT)),
  /**
   * {@code keeplive_gateway_e2e_latency_seconds}, with histogram: from the write's {@code
   * occurred_at} (outbox) to the push.
   */
  E2E_LATENCY(timer("keeplive.gateway.e2e.latency", "Commit (outbox occurred_at) to push"));

  /** The gateway's tag keys; every value comes from a closed set. */
  public interface Tag {
    TagKey MODE = new TagKey("mode");
    TagKey OUTCOME = new TagKey("outcome");
    TagKey KIND = new TagKey("kind");
    TagKey REASON = new TagKey("reason");
    TagKey TYPE = new TagKey("type");
    TagKey STAT = new TagKey("stat");
  }

  private final MeterDefinition definition;

  GatewayMetric(MeterDefinition definition) {
    this.definition = definition;
  }

  @Override
  public MeterDefinition definition() {
    return definition;
  }
}
