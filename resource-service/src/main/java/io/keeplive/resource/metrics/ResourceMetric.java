package io.keeplive.resource.metrics;

/**
 * The metrics of resource-service, by Micrometer name; the Prometheus names are the ones of
 * docs/architecture.md.
 */
public enum ResourceMetric {
  /**
   * {@code keeplive_resource_writes_total{resource,action}}: records changed by committed writes (a
   * bulk close of 3 tickets counts 3; a no-op update counts nothing).
   */
  WRITES("keeplive.resource.writes"),
  /**
   * {@code keeplive_resource_live_failures_total{reason}}: failed live API calls, and actors of a
   * batch call answered an error ({@code actor_unauthorized}, {@code actor_forbidden}); {@code
   * reason} is the lower-case problem code ({@code service_unauthorized}, {@code bad_request},
   * {@code answer_too_large}, …) or {@code internal}.
   */
  LIVE_FAILURES("keeplive.resource.live.failures"),
  /** {@code keeplive_resource_idempotency_purged_total}: expired idempotency keys deleted. */
  IDEMPOTENCY_KEYS_PURGED("keeplive.resource.idempotency.purged"),
  /**
   * {@code keeplive_resource_idempotency_purge_failures_total{reason}}: purges that failed ({@code
   * database}); each is tried again at the next interval.
   */
  IDEMPOTENCY_PURGE_FAILURES("keeplive.resource.idempotency.purge.failures");

  private final String meterName;

  ResourceMetric(String meterName) {
    this.meterName = meterName;
  }

  public String meterName() {
    return meterName;
  }
}
