package io.keeplive.relay.observability;

import static io.keeplive.contracts.metrics.MeterDefinition.counter;
import static io.keeplive.contracts.metrics.MeterDefinition.gauge;
import static io.keeplive.contracts.metrics.MeterDefinition.timer;

import io.keeplive.contracts.metrics.DocumentedMeter;
import io.keeplive.contracts.metrics.MeterDefinition;
import io.keeplive.contracts.metrics.TagKey;

/**
 * Every metric of the relay, in the shape all Keeplive metrics take ({@link DocumentedMeter}). The
 * Prometheus name is noted per constant: dashboards, alerts and deploy/metrics-in-use.txt use those
 * names, and RelayMetricsTest pins them.
 */
public enum RelayMetric implements DocumentedMeter {
  /** {@code keeplive_outbox_backlog_rows}: rows in the outbox, sampled. */
  BACKLOG_ROWS(gauge("keeplive.outbox.backlog", "rows", "Rows waiting in the outbox")),
  /** {@code keeplive_outbox_oldest_age_seconds}: age of the oldest row, 0 when empty. */
  OLDEST_AGE(
      gauge("keeplive.outbox.oldest.age", "seconds", "Age of the oldest unpublished outbox row")),
  /** {@code keeplive_relay_published_total}: notifications acknowledged by Kafka. */
  PUBLISHED(counter("keeplive.relay.published", "Notifications acknowledged by Kafka")),
  /**
   * {@code keeplive_relay_publish_latency_seconds}: outbox {@code occurred_at} → Kafka
   * acknowledgement, as a histogram.
   */
  PUBLISH_LATENCY(timer("keeplive.relay.publish.latency", "Commit to Kafka acknowledgement")),
  /** {@code keeplive_relay_errors_total{kind}}: failures by {@link RelayErrorKind}. */
  ERRORS(counter("keeplive.relay.errors", "Relay failures by kind", Tag.KIND)),
  /** {@code keeplive_relay_shards_owned}: outbox shards this instance owns. */
  SHARDS_OWNED(gauge("keeplive.relay.shards.owned", null, "Outbox shards owned by this instance"));

  /** The relay's tag keys; values are low-cardinality enums. */
  public interface Tag {
    /** {@link RelayErrorKind#tag()}. */
    TagKey KIND = new TagKey("kind");
  }

  private final MeterDefinition definition;

  RelayMetric(MeterDefinition definition) {
    this.definition = definition;
  }

  @Override
  public MeterDefinition definition() {
    return definition;
  }
}
