package io.keeplive.resource.metrics;

import io.keeplive.resource.live.LiveListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts live API failures by reason (a closed set of lower_snake names, see LiveListener). */
public final class LiveMetrics implements LiveListener {

  private final MeterRegistry registry;

  public LiveMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void failed(String reason) {
    Counter.builder(ResourceMetric.LIVE_FAILURES.meterName())
        .description("Failed live API calls and refused actors of batch calls, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
