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

/** The {@link RelayListener} that feeds the {@link RelayMetric}s into a Micrometer registry. */
public final class RelayMetrics implements RelayListener {

  private final AtomicLong backlogRows = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private final AtomicLong shardsOwned = new AtomicLong();
  private final Counter published;
  private final Timer latency;
  private final Map<RelayErrorKind, Counter> errors = new EnumMap<>(RelayErrorKind.class);

  public RelayMetrics(MeterRegistry registry) {
    Gauge.builder(RelayMetric.BACKLOG_ROWS.meterName(), backlogRows, AtomicLong::get)
        .description(RelayMetric.BACKLOG_ROWS.description())
        .register(registry);
    Gauge.builder(
            RelayMetric.OLDEST_AGE.meterName(), oldestAgeMillis, millis -> millis.get() / 1000.0)
        .description(RelayMetric.OLDEST_AGE.description())
        .register(registry);
    Gauge.builder(RelayMetric.SHARDS_OWNED.meterName(), shardsOwned, AtomicLong::get)
        .description(RelayMetric.SHARDS_OWNED.description())
        .register(registry);
    published =
        Counter.builder(RelayMetric.PUBLISHED.meterName())
            .description(RelayMetric.PUBLISHED.description())
            .register(registry);
    latency =
        Timer.builder(RelayMetric.PUBLISH_LATENCY.meterName())
            .description(RelayMetric.PUBLISH_LATENCY.description())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
    for (RelayErrorKind kind : RelayErrorKind.values()) {
      errors.put(
          kind,
          Counter.builder(RelayMetric.ERRORS.meterName())
              .description(RelayMetric.ERRORS.description())
              .tag("kind", kind.tag())
              .register(registry));
    }
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
