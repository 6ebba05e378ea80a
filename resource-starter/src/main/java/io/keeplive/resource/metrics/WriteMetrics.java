package io.keeplive.resource.metrics;

import io.keeplive.resource.metrics.ResourceMetric.Tag;
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
    // The purge series exist at zero from the start, so that the dashboard and Prometheus find
    // them before the first purge or failure (a rate of 0, not "no data").
    ResourceMetric.IDEMPOTENCY_KEYS_PURGED.counterBuilder().register(registry);
    purgeFailures().register(registry);
  }

  private static Counter.Builder purgeFailures() {
    return ResourceMetric.IDEMPOTENCY_PURGE_FAILURES
        .counterBuilder()
        .tag(Tag.REASON.asString(), "database");
  }

  @Override
  public void committed(String resource, String action, int records) {
    if (records > 0) {
      ResourceMetric.WRITES
          .counterBuilder()
          .tag(Tag.RESOURCE.asString(), resource)
          .tag(Tag.ACTION.asString(), action)
          .register(registry)
          .increment(records);
    }
  }

  @Override
  public void idempotencyKeysPurged(long rows) {
    ResourceMetric.IDEMPOTENCY_KEYS_PURGED.counterBuilder().register(registry).increment(rows);
  }

  @Override
  public void idempotencyPurgeFailed() {
    purgeFailures().register(registry).increment();
  }
}
