package io.keeplive.relay.outbox;

import io.keeplive.relay.kafka.KafkaPublishing;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.internal.BacklogSampler;
import io.keeplive.relay.outbox.internal.Lane;
import io.keeplive.relay.outbox.internal.NotifyListener;
import io.keeplive.relay.outbox.internal.Wakeup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One relay instance: its lanes, its LISTEN session and its backlog sampler. See the package
 * documentation for the design.
 */
public final class OutboxRelay implements AutoCloseable {

  /**
   * @param batchSize rows per read-publish-delete round trip
   * @param pollInterval wait between outbox reads when nothing signalled
   * @param listen whether to LISTEN for immediate wake-ups
   * @param lanes worker threads, each an independent owner of shards
   * @param rebalanceInterval how often lanes recount live lanes and take or give back shards
   * @param retryBackoff first wait after a failure
   * @param maxRetryBackoff longest wait after repeated failures
   * @param backlogSampleInterval period of the backlog sample
   * @param shutdownTimeout how long {@link #close()} waits for batches in flight
   */
  public record Settings(
      int batchSize,
      Duration pollInterval,
      boolean listen,
      int lanes,
      Duration rebalanceInterval,
      Duration retryBackoff,
      Duration maxRetryBackoff,
      Duration backlogSampleInterval,
      Duration shutdownTimeout) {}

  private final Settings settings;
  private final List<Lane> lanes = new ArrayList<>();
  private final NotifyListener notifyListener;
  private final BacklogSampler sampler;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private boolean started;

  public OutboxRelay(
      Settings settings,
      ConnectionSource connections,
      KafkaPublishing kafka,
      RelayListener listener) {
    this.settings = settings;
    Lane.OwnedShards owned = new Lane.OwnedShards(settings.lanes(), listener);
    for (int i = 0; i < settings.lanes(); i++) {
      lanes.add(
          new Lane(
              "keeplive-relay-" + instance + "-lane-" + i,
              i,
              settings,
              connections,
              kafka,
              listener,
              new Wakeup(),
              owned));
    }
    this.notifyListener =
        settings.listen()
            ? new NotifyListener(
                "keeplive-relay-" + instance + "-listen", connections, settings, listener, lanes)
            : null;
    this.sampler =
        new BacklogSampler(
            "keeplive-relay-" + instance + "-backlog", connections, settings, listener);
  }

  /** Starts all threads; returns at once. Publishing begins as soon as a lane owns shards. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    lanes.forEach(Lane::start);
    if (notifyListener != null) {
      notifyListener.start();
    }
    sampler.start();
  }

  /** The shards owned right now by all lanes of this instance. */
  public Set<Integer> ownedShards() {
    Set<Integer> shards = new TreeSet<>();
    lanes.forEach(lane -> shards.addAll(lane.ownedShards()));
    return shards;
  }

  /** Whether every lane currently has a live database session. */
  public boolean connected() {
    return lanes.stream().allMatch(Lane::connected);
  }

  /**
   * Graceful stop: each lane finishes the batch in flight, deletes what Kafka acknowledged,
   * releases its shards and closes its session, so other instances take the shards over at their
   * next rebalance. A lane still busy after {@link Settings#shutdownTimeout()} is interrupted; its
   * unacknowledged rows stay in the outbox.
   */
  @Override
  public synchronized void close() {
    if (!started) {
      return;
    }
    started = false;
    lanes.forEach(Lane::requestStop);
    if (notifyListener != null) {
      notifyListener.requestStop();
    }
    sampler.requestStop();
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    for (Lane lane : lanes) {
      lane.awaitStop(deadline);
    }
    if (notifyListener != null) {
      notifyListener.awaitStop(deadline);
    }
    sampler.awaitStop(deadline);
  }
}
