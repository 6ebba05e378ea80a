package io.keeplive.relay.observability;

import io.keeplive.contracts.notification.ResourceChanged;
import java.time.Duration;

/**
 * What the relay reports while it runs. Every method has a no-op default so a listener implements
 * only what it cares about; {@link RelayMetrics} turns the calls into the Prometheus metrics and
 * tests record them. Calls arrive on the relay's own threads and must return quickly.
 */
public interface RelayListener {

  /** A listener that ignores everything. */
  RelayListener NONE = new RelayListener() {};

  /**
   * Kafka acknowledged one notification.
   *
   * @param latency from the outbox row's {@code occurred_at} (written inside the committing
   *     transaction) to the acknowledgement, never negative
   */
  default void published(ResourceChanged event, Duration latency) {}

  /** Something failed; the relay retries on its own, nothing is skipped. */
  default void failed(RelayErrorKind kind, Throwable cause) {}

  /** The number of shards this instance owns changed. */
  default void shardsOwned(int shards) {}

  /** A fresh sample of the whole outbox (all shards, not just the owned ones). */
  default void backlog(long rows, Duration oldestAge) {}
}
