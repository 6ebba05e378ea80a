package io.keeplive.resource.metrics;

import static io.keeplive.contracts.metrics.MeterDefinition.counter;

import io.keeplive.contracts.metrics.DocumentedMeter;
import io.keeplive.contracts.metrics.MeterDefinition;
import io.keeplive.contracts.metrics.TagKey;

/**
 * Every metric of resource-service, in the shape all Keeplive metrics take ({@link
 * DocumentedMeter}). The Prometheus name is noted per constant; dashboards, alerts and
 * deploy/metrics-in-use.txt use those names, and ResourceMetricTest pins them.
 */
public enum ResourceMetric implements DocumentedMeter {
  /**
   * {@code keeplive_resource_writes_total{resource,action}}: records changed by committed writes (a
   * bulk close of 3 tickets counts 3; a no-op update counts nothing).
   */
  WRITES(
      counter(
          "keeplive.resource.writes",
          "Records changed by committed writes",
          Tag.RESOURCE,
          Tag.ACTION)),
  /**
   * {@code keeplive_resource_live_failures_total{reason}}: failed live API calls, and actors of a
   * batch call answered an error ({@code actor_unauthorized}, {@code actor_forbidden}); {@code
   * reason} is the lower-case problem code ({@code service_unauthorized}, {@code bad_request},
   * {@code answer_too_large}, …) or {@code internal}.
   */
  LIVE_FAILURES(
      counter(
          "keeplive.resource.live.failures",
          "Failed live API calls and refused actors of batch calls, by reason",
          Tag.REASON)),
  /** {@code keeplive_resource_idempotency_purged_total}: expired idempotency keys deleted. */
  IDEMPOTENCY_KEYS_PURGED(
      counter("keeplive.resource.idempotency.purged", "Expired idempotency keys deleted")),
  /**
   * {@code keeplive_resource_idempotency_purge_failures_total{reason}}: purges that failed ({@code
   * database}); each is tried again at the next interval.
   */
  IDEMPOTENCY_PURGE_FAILURES(
      counter(
          "keeplive.resource.idempotency.purge.failures",
          "Purges of expired idempotency keys that failed (retried next interval)",
          Tag.REASON));

  /** The tag keys; values are declared names or closed sets, never ids or users. */
  public interface Tag {
    TagKey RESOURCE = new TagKey("resource");
    TagKey ACTION = new TagKey("action");
    TagKey REASON = new TagKey("reason");
  }

  private final MeterDefinition definition;

  ResourceMetric(MeterDefinition definition) {
    this.definition = definition;
  }

  @Override
  public MeterDefinition definition() {
    return definition;
  }
}
