package io.keeplive.resource.metrics;

import io.keeplive.resource.live.LiveListener;
import io.keeplive.resource.metrics.ResourceMetric.Tag;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** Counts live API failures by reason (a closed set of lower_snake names, see LiveListener). */
public final class LiveMetrics implements LiveListener {

  private final MeterRegistry registry;

  public LiveMetrics(MeterRegistry registry) {
    this.registry = registry;
    // The per-actor reasons and internal failures exist at zero from the start, so that the
    // dashboard and Prometheus find the series before the first failure.
    for (String reason : List.of("actor_unauthorized", "actor_forbidden", "internal")) {
      counter(reason);
    }
  }

  private Counter counter(String reason) {
    return ResourceMetric.LIVE_FAILURES
        .counterBuilder()
        .tag(Tag.REASON.asString(), reason)
        .register(registry);
  }

  @Override
  public void failed(String reason) {
    counter(reason).increment();
  }
}
