package io.keeplive.relay.observability;

/**
 * Every metric of the relay, by its Micrometer name; the Prometheus names (those of
 * docs/architecture.md) follow from Micrometer's naming convention as noted per constant. Tags are
 * low-cardinality: only {@link #ERRORS} has one, {@code kind} from {@link RelayErrorKind}.
 */
public enum RelayMetric {
  /** Gauge {@code keeplive_outbox_backlog_rows}: rows in the outbox, sampled. */
  BACKLOG_ROWS("keeplive.outbox.backlog.rows", "Rows waiting in the outbox"),
  /** Gauge {@code keeplive_outbox_oldest_age_seconds}: age of the oldest row, 0 when empty. */
  OLDEST_AGE("keeplive.outbox.oldest.age.seconds", "Age of the oldest unpublished outbox row"),
  /** Counter {@code keeplive_relay_published_total}: notifications acknowledged by Kafka. */
  PUBLISHED("keeplive.relay.published", "Notifications acknowledged by Kafka"),
  /**
   * Histogram {@code keeplive_relay_publish_latency_seconds}: outbox {@code occurred_at} → Kafka
   * acknowledgement.
   */
  PUBLISH_LATENCY("keeplive.relay.publish.latency", "Commit to Kafka acknowledgement"),
  /** Counter {@code keeplive_relay_errors_total{kind}}. */
  ERRORS("keeplive.relay.errors", "Relay failures by kind"),
  /** Gauge {@code keeplive_relay_shards_owned}: outbox shards this instance owns. */
  SHARDS_OWNED("keeplive.relay.shards.owned", "Outbox shards owned by this instance");

  private final String meterName;
  private final String description;

  RelayMetric(String meterName, String description) {
    this.meterName = meterName;
    this.description = description;
  }

  public String meterName() {
    return meterName;
  }

  public String description() {
    return description;
  }
}
