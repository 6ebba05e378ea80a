package io.keeplive.relay.observability;

import io.keeplive.contracts.notification.ResourceChanged;
import io.micrometer.core.instrument.Counter;
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
    RelayMetric.BACKLOG_ROWS.gaugeBuilder(backlogRows, AtomicLong::get).register(registry);
    RelayMetric.OLDEST_AGE
        .gaugeBuilder(oldestAgeMillis, millis -> millis.get() / 1000.0)
        .register(registry);
    RelayMetric.SHARDS_OWNED.gaugeBuilder(shardsOwned, AtomicLong::get).register(registry);
    published = RelayMetric.PUBLISHED.counterBuilder().register(registry);
    latency =
        RelayMetric.PUBLISH_LATENCY
            .timerBuilder()
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
    for (RelayErrorKind kind : RelayErrorKind.values()) {
      errors.put(
          kind,
          RelayMetric.ERRORS
              .counterBuilder()
              .tag(RelayMetric.Tag.KIND.asString(), kind.tag())
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
