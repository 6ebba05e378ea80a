package io.keeplive.gateway.metrics;

import io.keeplive.gateway.protocol.Mode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The gateway's metrics: a {@link GatewayListener} that records into Micrometer. */
public final class MeterListener implements GatewayListener {

  private final MeterRegistry registry;
  private final AtomicLong sessions = new AtomicLong();
  private final Map<Mode, AtomicLong> subscriptions = new EnumMap<>(Mode.class);
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> refetchTimers = new ConcurrentHashMap<>();
  private final Counter drops;
  private final Counter resyncs;
  private final Counter aborts;
  private final Timer e2e;

  public MeterListener(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(GatewayMetric.SESSIONS.meterName(), sessions, AtomicLong::get)
        .description("Open WebSocket sessions")
        .register(registry);
    for (Mode mode : Mode.values()) {
      AtomicLong count = new AtomicLong();
      subscriptions.put(mode, count);
      Gauge.builder(GatewayMetric.SUBSCRIPTIONS.meterName(), count, AtomicLong::get)
          .tag("mode", mode.wireName())
          .description("Active subscriptions")
          .register(registry);
    }
    for (NotificationOutcome outcome : NotificationOutcome.values()) {
      counter(GatewayMetric.NOTIFICATIONS, "outcome", outcome.tag());
    }
    for (ConsumerTrouble trouble : ConsumerTrouble.values()) {
      counter(GatewayMetric.NOTIFICATION_CONSUMER_ERRORS, "kind", trouble.tag());
    }
    for (String kind : new String[] {"list", "record"}) {
      counter(GatewayMetric.REFETCHES, "kind", kind);
      counter(GatewayMetric.REFETCHES_MERGED, "kind", kind);
      refetchTimer(kind);
    }
    for (RefetchFailure reason : RefetchFailure.values()) {
      counter(GatewayMetric.REFETCH_FAILURES, "reason", reason.tag());
    }
    for (String type : new String[] {"result", "insert", "update", "delete"}) {
      counter(GatewayMetric.PUSHES, "type", type);
    }
    drops = Counter.builder(GatewayMetric.DROPS.meterName()).register(registry);
    resyncs = Counter.builder(GatewayMetric.RESYNCS.meterName()).register(registry);
    aborts =
        Counter.builder(GatewayMetric.ABORTS.meterName())
            .description("Connections dropped after the client did not complete a server close")
            .register(registry);
    e2e =
        Timer.builder(GatewayMetric.E2E_LATENCY.meterName())
            .description("Commit (outbox occurred_at) to push")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  private Counter counter(GatewayMetric metric, String tag, String value) {
    return counters.computeIfAbsent(
        metric.name() + "/" + value,
        k -> Counter.builder(metric.meterName()).tag(tag, value).register(registry));
  }

  private Timer refetchTimer(String kind) {
    return refetchTimers.computeIfAbsent(
        kind,
        k ->
            Timer.builder(GatewayMetric.REFETCH_LATENCY.meterName())
                .tag("kind", k)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry));
  }

  @Override
  public void sessionOpened() {
    sessions.incrementAndGet();
  }

  @Override
  public void sessionClosed() {
    sessions.decrementAndGet();
  }

  @Override
  public void subscriptionStarted(Mode mode) {
    subscriptions.get(mode).incrementAndGet();
  }

  @Override
  public void subscriptionEnded(Mode mode) {
    subscriptions.get(mode).decrementAndGet();
  }

  @Override
  public void notification(NotificationOutcome outcome) {
    counter(GatewayMetric.NOTIFICATIONS, "outcome", outcome.tag()).increment();
  }

  @Override
  public void consumerTrouble(ConsumerTrouble trouble) {
    counter(GatewayMetric.NOTIFICATION_CONSUMER_ERRORS, "kind", trouble.tag()).increment();
  }

  @Override
  public void refetched(String kind, int actors, Duration latency) {
    counter(GatewayMetric.REFETCHES, "kind", kind).increment(actors);
    refetchTimer(kind).record(latency);
  }

  @Override
  public void refetchesMerged(String kind, int actors) {
    counter(GatewayMetric.REFETCHES_MERGED, "kind", kind).increment(actors);
  }

  @Override
  public void refetchFailed(RefetchFailure reason) {
    counter(GatewayMetric.REFETCH_FAILURES, "reason", reason.tag()).increment();
  }

  @Override
  public void pushed(String type) {
    counter(GatewayMetric.PUSHES, "type", type).increment();
  }

  @Override
  public void dropped(int messages) {
    drops.increment(messages);
  }

  @Override
  public void resynced() {
    resyncs.increment();
  }

  @Override
  public void aborted() {
    aborts.increment();
  }

  @Override
  public void delivered(Duration latency) {
    e2e.record(latency.isNegative() ? Duration.ZERO : latency);
  }
}
