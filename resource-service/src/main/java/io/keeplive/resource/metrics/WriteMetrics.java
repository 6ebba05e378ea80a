package io.keeplive.resource.metrics;

import io.keeplive.resource.write.WriteListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts committed writes and the purges of expired idempotency keys. Tags are the declared
 * resource and action names only (bounded by the declarations), never ids or users.
 */
public final class WriteMetrics implements WriteListener {

  private final MeterRegistry registry;

  public WriteMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void committed(String resource, String action, int records) {
    if (records > 0) {
      Counter.builder(ResourceMetric.WRITES.meterName())
          .description("Records changed by committed writes")
          .tag("resource", resource)
          .tag("action", action)
          .register(registry)
          .increment(records);
    }
  }

  @Override
  public void idempotencyKeysPurged(long rows) {
    Counter.builder(ResourceMetric.IDEMPOTENCY_KEYS_PURGED.meterName())
        .description("Expired idempotency keys deleted")
        .register(registry)
        .increment(rows);
  }

  @Override
  public void idempotencyPurgeFailed() {
    Counter.builder(ResourceMetric.IDEMPOTENCY_PURGE_FAILURES.meterName())
        .description("Purges of expired idempotency keys that failed (retried next interval)")
        .tag("reason", "database")
        .register(registry)
        .increment();
  }
}
