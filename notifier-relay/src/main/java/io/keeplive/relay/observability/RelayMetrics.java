package io.keeplive.relay.observability;

import io.keeplive.contracts.notification.ResourceChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/** The {@link RelayListener} that feeds the {@link RelayMetric}s into a Micrometer registry. */
public final class RelayMetrics implements RelayListener {

  private final AtomicLong backlogRows = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private final AtomicLong shardsOwned = new AtomicLong();
  private final Counter published;
  private final Timer latency;
  private final Map<RelayErrorKind, Counter> errors = new EnumMap<>(RelayErrorKind.class);

  public RelayMetrics(MeterRegistry registry) {
    gauge(RelayMetric.BACKLOG_ROWS, backlogRows, AtomicLong::get).register(registry);
    gauge(RelayMetric.OLDEST_AGE, oldestAgeMillis, millis -> millis.get() / 1000.0)
        .register(registry);
    gauge(RelayMetric.SHARDS_OWNED, shardsOwned, AtomicLong::get).register(registry);
    published = counter(RelayMetric.PUBLISHED).register(registry);
    latency =
        Timer.builder(RelayMetric.PUBLISH_LATENCY.getName())
            .description(RelayMetric.PUBLISH_LATENCY.description())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
    for (RelayErrorKind kind : RelayErrorKind.values()) {
      errors.put(
          kind,
          counter(RelayMetric.ERRORS)
              .tag(RelayMetric.RelayMetricTag.KIND.asString(), kind.tag())
              .register(registry));
    }
  }

  private static <T> Gauge.Builder<T> gauge(
      RelayMetric metric, T state, ToDoubleFunction<T> value) {
    return Gauge.builder(metric.getName(), state, value)
        .baseUnit(metric.getBaseUnit())
        .description(metric.description());
  }

  private static Counter.Builder counter(RelayMetric metric) {
    return Counter.builder(metric.getName())
        .baseUnit(metric.getBaseUnit())
        .description(metric.description());
  }

  @Override
  public void published(ResourceChanged event, Duration latency) {
    published.increment();
    this.latency.record(latency);
  }

  @Override
  public void failed(RelayErrorKind kind, Throwable cause) {
    errors.get(kind).increment();
  }

  @Override
  public void shardsOwned(int shards) {
    shardsOwned.set(shards);
  }

  @Override
  public void backlog(long rows, Duration oldestAge) {
    backlogRows.set(rows);
    oldestAgeMillis.set(oldestAge.toMillis());
  }
}
