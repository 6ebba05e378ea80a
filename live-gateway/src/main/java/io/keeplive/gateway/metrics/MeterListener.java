package io.keeplive.gateway.metrics;

import io.keeplive.gateway.protocol.Mode;
import io.micrometer.core.instrument.Counter;
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
    GatewayMetric.SESSIONS.gaugeBuilder(sessions, AtomicLong::get).register(registry);
    for (Mode mode : Mode.values()) {
      AtomicLong count = new AtomicLong();
      subscriptions.put(mode, count);
      GatewayMetric.SUBSCRIPTIONS
          .gaugeBuilder(count, AtomicLong::get)
          .tag(GatewayMetric.Tag.MODE.asString(), mode.wireName())
          .register(registry);
    }
    for (NotificationOutcome outcome : NotificationOutcome.values()) {
      counter(GatewayMetric.NOTIFICATIONS, outcome.tag());
    }
    for (ConsumerTrouble trouble : ConsumerTrouble.values()) {
      counter(GatewayMetric.NOTIFICATION_CONSUMER_ERRORS, trouble.tag());
    }
    for (String kind : new String[] {"list", "record"}) {
      counter(GatewayMetric.REFETCHES, kind);
      counter(GatewayMetric.REFETCHES_MERGED, kind);
      refetchTimer(kind);
    }
    for (RefetchFailure reason : RefetchFailure.values()) {
      counter(GatewayMetric.REFETCH_FAILURES, reason.tag());
    }
    for (RefetchDeferral reason : RefetchDeferral.values()) {
      counter(GatewayMetric.REFETCHES_DEFERRED, reason.tag());
    }
    for (String type : new String[] {"result", "insert", "update", "delete"}) {
      counter(GatewayMetric.PUSHES, type);
    }
    drops = GatewayMetric.DROPS.counterBuilder().register(registry);
    resyncs = GatewayMetric.RESYNCS.counterBuilder().register(registry);
    aborts = GatewayMetric.ABORTS.counterBuilder().register(registry);
    e2e =
        GatewayMetric.E2E_LATENCY
            .timerBuilder()
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** The counter of a metric with one tag: its only tag key, with this value. */
  private Counter counter(GatewayMetric metric, String value) {
    String tag = metric.getKeyNames()[0].asString();
    return counters.computeIfAbsent(
        metric.name() + "/" + value,
        k -> metric.counterBuilder().tag(tag, value).register(registry));
  }

  private Timer refetchTimer(String kind) {
    return refetchTimers.computeIfAbsent(
        kind,
        k ->
            GatewayMetric.REFETCH_LATENCY
                .timerBuilder()
                .tag(GatewayMetric.Tag.KIND.asString(), k)
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
    counter(GatewayMetric.NOTIFICATIONS, outcome.tag()).increment();
  }

  @Override
  public void consumerTrouble(ConsumerTrouble trouble) {
    counter(GatewayMetric.NOTIFICATION_CONSUMER_ERRORS, trouble.tag()).increment();
  }

  @Override
  public void refetchDeferred(RefetchDeferral reason) {
    counter(GatewayMetric.REFETCHES_DEFERRED, reason.tag()).increment();
  }

  @Override
  public void refetched(String kind, int actors, Duration latency) {
    counter(GatewayMetric.REFETCHES, kind).increment(actors);
    refetchTimer(kind).record(latency);
  }

  @Override
  public void refetchesMerged(String kind, int actors) {
    counter(GatewayMetric.REFETCHES_MERGED, kind).increment(actors);
  }

  @Override
  public void refetchFailed(RefetchFailure reason) {
    counter(GatewayMetric.REFETCH_FAILURES, reason.tag()).increment();
  }

  @Override
  public void pushed(String type) {
    counter(GatewayMetric.PUSHES, type).increment();
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
