package io.keeplive.resource.metrics;

import io.keeplive.resource.live.LiveListener;
import io.keeplive.resource.metrics.ResourceMetric.ResourceMetricTag;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts live API failures by reason (a closed set of lower_snake names, see LiveListener). */
public final class LiveMetrics implements LiveListener {

  private final MeterRegistry registry;

  public LiveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void failed(String reason) {
    ResourceMetric.LIVE_FAILURES
        .counter()
        .tag(ResourceMetricTag.REASON.asString(), reason)
        .register(registry)
        .increment();
  }
}
