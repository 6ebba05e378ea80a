package io.keeplive.resource.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Every metric of resource-service, in the shape all Keeplive metrics take (docs/architecture.md):
 * Micrometer name without a unit, meter type, base unit, tag keys and description. The Prometheus
 * name follows from Micrometer's naming convention and is noted per constant; dashboards, alerts
 * and deploy/metrics-in-use.txt use those names, and ResourceMetricTest pins them.
 */
public enum ResourceMetric implements MeterDocumentation {
  /**
   * {@code keeplive_resource_writes_total{resource,action}}: records changed by committed writes (a
   * bulk close of 3 tickets counts 3; a no-op update counts nothing).
   */
  WRITES(
      "keeplive.resource.writes",
      "Records changed by committed writes",
      ResourceMetricTag.RESOURCE,
      ResourceMetricTag.ACTION),
  /**
   * {@code keeplive_resource_live_failures_total{reason}}: failed live API calls, and actors of a
   * batch call answered an error ({@code actor_unauthorized}, {@code actor_forbidden}); {@code
   * reason} is the lower-case problem code ({@code service_unauthorized}, {@code bad_request},
   * {@code answer_too_large}, …) or {@code internal}.
   */
  LIVE_FAILURES(
      "keeplive.resource.live.failures",
      "Failed live API calls and refused actors of batch calls, by reason",
      ResourceMetricTag.REASON),
  /** {@code keeplive_resource_idempotency_purged_total}: expired idempotency keys deleted. */
  IDEMPOTENCY_KEYS_PURGED(
      "keeplive.resource.idempotency.purged", "Expired idempotency keys deleted"),
  /**
   * {@code keeplive_resource_idempotency_purge_failures_total{reason}}: purges that failed ({@code
   * database}); each is tried again at the next interval.
   */
  IDEMPOTENCY_PURGE_FAILURES(
      "keeplive.resource.idempotency.purge.failures",
      "Purges of expired idempotency keys that failed (retried next interval)",
      ResourceMetricTag.REASON);

  /** The tag keys; values are declared names or closed sets, never ids or users. */
  public enum ResourceMetricTag implements KeyName {
    RESOURCE("resource"),
    ACTION("action"),
    REASON("reason");

    private final String key;

    ResourceMetricTag(String key) {
      this.key = key;
    }

    @Override
    public String asString() {
      return key;
    }
  }

  private final String name;
  private final String description;
  private final KeyName[] keyNames;

  // Every metric of this service is a unitless counter so far; a gauge or timer adds the type and
  // base unit parameters RelayMetric has.
  ResourceMetric(String name, String description, KeyName... keyNames) {
    this.name = name;
    this.description = description;
    this.keyNames = keyNames;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Meter.Type getType() {
    return Meter.Type.COUNTER;
  }

  @Override
  public KeyName[] getKeyNames() {
    return keyNames.clone();
  }

  public String description() {
    return description;
  }

  /** A counter builder with this metric's name, base unit and description. */
  Counter.Builder counter() {
    return Counter.builder(name).baseUnit(getBaseUnit()).description(description);
  }
}
