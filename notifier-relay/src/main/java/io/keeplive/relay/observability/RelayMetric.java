package io.keeplive.relay.observability;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Every metric of the relay, in the shape all Keeplive metrics take (docs/architecture.md,
 * "Metrics"): Micrometer name without a unit, meter type, base unit, tag keys and description. The
 * Prometheus name follows from Micrometer's naming convention (dots become underscores, the base
 * unit is appended to gauges, {@code _total} to counters, {@code _seconds} to timers), and is noted
 * per constant: dashboards, alerts and deploy/metrics-in-use.txt use those names.
 */
public enum RelayMetric implements MeterDocumentation {
  /** {@code keeplive_outbox_backlog_rows}: rows in the outbox, sampled. */
  BACKLOG_ROWS("keeplive.outbox.backlog", Meter.Type.GAUGE, "rows", "Rows waiting in the outbox"),
  /** {@code keeplive_outbox_oldest_age_seconds}: age of the oldest row, 0 when empty. */
  OLDEST_AGE(
      "keeplive.outbox.oldest.age",
      Meter.Type.GAUGE,
      "seconds",
      "Age of the oldest unpublished outbox row"),
  /** {@code keeplive_relay_published_total}: notifications acknowledged by Kafka. */
  PUBLISHED(
      "keeplive.relay.published", Meter.Type.COUNTER, null, "Notifications acknowledged by Kafka"),
  /**
   * {@code keeplive_relay_publish_latency_seconds}: outbox {@code occurred_at} → Kafka
   * acknowledgement, as a histogram.
   */
  PUBLISH_LATENCY(
      "keeplive.relay.publish.latency", Meter.Type.TIMER, null, "Commit to Kafka acknowledgement"),
  /** {@code keeplive_relay_errors_total{kind}}: failures by {@link RelayErrorKind}. */
  ERRORS(
      "keeplive.relay.errors",
      Meter.Type.COUNTER,
      null,
      "Relay failures by kind",
      RelayMetricTag.KIND),
  /** {@code keeplive_relay_shards_owned}: outbox shards this instance owns. */
  SHARDS_OWNED(
      "keeplive.relay.shards.owned",
      Meter.Type.GAUGE,
      null,
      "Outbox shards owned by this instance");

  /** The relay's tag keys; values are low-cardinality enums. */
  public enum RelayMetricTag implements KeyName {
    /** {@link RelayErrorKind#tag()}. */
    KIND("kind");

    private final String key;

    RelayMetricTag(String key) {
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

  RelayMetric(
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
