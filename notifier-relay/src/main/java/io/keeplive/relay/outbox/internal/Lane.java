package io.keeplive.relay.outbox.internal;

import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.contracts.retry.Backoff;
import io.keeplive.relay.kafka.KafkaPublisher;
import io.keeplive.relay.kafka.KafkaPublishing;
import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.relay.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One worker: a database session that holds shard locks, and the loop that moves the rows of those
 * shards to Kafka — read the oldest rows, publish them and wait for every acknowledgement, delete
 * the acknowledged rows, repeat. Only this thread uses the session and the publisher.
 */
public final class Lane extends Worker {

  /** The instance-wide count of owned shards, summed over lanes for the gauge. */
  public static final class OwnedShards {
    private final AtomicIntegerArray perLane;
    private final RelayListener listener;

    public OwnedShards(int lanes, RelayListener listener) {
      this.perLane = new AtomicIntegerArray(lanes);
      this.listener = listener;
    }

    synchronized void update(int lane, int shards) {
      perLane.set(lane, shards);
      int total = 0;
      for (int i = 0; i < perLane.length(); i++) {
        total += perLane.get(i);
      }
      listener.shardsOwned(total);
    }
  }

  private final int index;
  private final OutboxRelay.Settings settings;
  private final ConnectionSource connections;
  private final KafkaPublishing kafka;
  private final RelayListener listener;
  private final OwnedShards ownedShards;
  private final String name;
  private volatile Set<Integer> owned = Set.of();
  private volatile boolean connected;

  public Lane(
      String name,
      int index,
      OutboxRelay.Settings settings,
      ConnectionSource connections,
      KafkaPublishing kafka,
      RelayListener listener,
      Wakeup wakeup,
      OwnedShards ownedShards) {
    super(name, wakeup);
    this.name = name;
    this.index = index;
    this.settings = settings;
    this.connections = connections;
    this.kafka = kafka;
    this.listener = listener;
    this.ownedShards = ownedShards;
  }

  public Set<Integer> ownedShards() {
    return owned;
  }

  public boolean connected() {
    return connected;
  }

  @Override
  protected void loop() {
    // Jittered, so lanes and relays that failed together (a PostgreSQL restart) come back apart.
    Backoff backoff = Backoff.exponential(settings.retryBackoff(), settings.maxRetryBackoff());
    try (KafkaPublisher publisher = kafka.newPublisher(name)) {
      while (!stopping) {
        Connection connection = null;
        try {
          connection = Sessions.open(connections);
          ShardLocks locks = new ShardLocks(connection);
          locks.join();
          connected = true;
          backoff.reset();
          serve(connection, locks, publisher, backoff);
          locks.releaseAll();
        } catch (SQLException | RuntimeException e) {
          if (!stopping) {
            listener.failed(RelayErrorKind.DATABASE, e);
          }
        } finally {
          connected = false;
          // Closing the session is what frees its locks when releaseAll did not run.
          Sessions.closeQuietly(connection);
          setOwned(List.of());
        }
        if (!stopping) {
          pause(backoff.next());
        }
      }
    }
  }

  /**
   * The loop of one session. Reading overlaps publishing: while batch N is in flight, the lane
   * reads batch N+1 (leaving out N's rows); then it waits for N's acknowledgements, deletes N, and
   * only then sends N+1. Sends stay strictly one batch after the other, so the order argument of
   * the package note is unchanged; when N fails, N+1 is dropped unsent and read again later.
   *
   * <p>A read covers the {@code scope}: every owned shard after start, a rebalance, a failure or a
   * poll interval without signals; otherwise only the shards NOTIFYs named. After a read that
   * returned rows, the next one covers the shards that had rows (and new signals), so a batch is
   * shared among busy shards only. Which shards a read covers never decides whether a row is
   * published, only how soon: at least once per poll interval a read covers everything, signals or
   * not.
   */
  private void serve(
      Connection connection, ShardLocks locks, KafkaPublisher publisher, Backoff backoff)
      throws SQLException {
    new Serving(connection, locks, publisher, backoff).run();
  }

  /** The state of one session's loop: the batch in flight, the read scope and the two timers. */
  private final class Serving {
    private final Connection connection;
    private final ShardLocks locks;
    private final KafkaPublisher publisher;
    private final Backoff backoff;
    private Pending pending;
    private Wakeup.Hint scope = Wakeup.Hint.EVERYTHING;
    private long nextRebalance = System.nanoTime();
    private long nextFullRead = System.nanoTime();

    Serving(Connection connection, ShardLocks locks, KafkaPublisher publisher, Backoff backoff) {
      this.connection = connection;
      this.locks = locks;
      this.publisher = publisher;
      this.backoff = backoff;
    }

    void run() throws SQLException {
      try {
        while (!stopping) {
          step();
        }
        if (pending != null) {
          settle(connection, pending);
          pending = null;
        }
      } finally {
        if (pending != null) {
          // The session failed with a batch in flight: its rows stay and are published again.
          pending.batch().await();
        }
      }
    }

    /** One turn: maybe rebalance, read the next batch, settle the one in flight, send. */
    private void step() throws SQLException {
      if (System.nanoTime() - nextRebalance >= 0) {
        // Ownership changes only with nothing in flight: delete first, then unlock.
        if (!settleInFlight()) {
          return;
        }
        locks.rebalance();
        setOwned(locks.owned());
        // Shards just taken may hold rows whose NOTIFY went to their previous owner.
        scope = Wakeup.Hint.EVERYTHING;
        nextRebalance = System.nanoTime() + settings.rebalanceInterval().toNanos();
      }
      Duration untilRebalance = Duration.ofNanos(Math.max(0, nextRebalance - System.nanoTime()));
      Duration idle =
          untilRebalance.compareTo(settings.pollInterval()) < 0
              ? untilRebalance
              : settings.pollInterval();
      List<Integer> owned = locks.owned();
      if (owned.isEmpty()) {
        pause(idle);
        return;
      }
      if (pending == null && !kafka.ensureTopic()) {
        pause(backoff.next());
        scope = Wakeup.Hint.EVERYTHING;
        return;
      }
      if (System.nanoTime() - nextFullRead >= 0) {
        // The poll fallback holds for a lane that signals keep busy, too.
        scope = Wakeup.Hint.EVERYTHING;
      }
      if (scope.everything()) {
        nextFullRead = System.nanoTime() + settings.pollInterval().toNanos();
      }
      List<OutboxRows.Row> next =
          OutboxRows.oldest(
              connection,
              inScope(owned, scope),
              settings.batchSize(),
              pending == null ? new long[0] : pending.positions());
      if (!settleInFlight()) {
        return;
      }
      if (next.isEmpty()) {
        Wakeup.Hint woken = awaitSignal(idle);
        scope = woken == null ? Wakeup.Hint.EVERYTHING : woken;
        return;
      }
      send(next);
    }

    /**
     * Settles the batch in flight, if any. False when some of it was not acknowledged: the lane
     * then backs off and reads everything again, so the unacknowledged rows go out again first.
     */
    private boolean settleInFlight() throws SQLException {
      if (pending == null) {
        return true;
      }
      boolean settled = settle(connection, pending);
      pending = null;
      if (!settled) {
        pause(backoff.next());
        scope = Wakeup.Hint.EVERYTHING;
        return false;
      }
      backoff.reset();
      return true;
    }

    private void send(List<OutboxRows.Row> next) {
      List<ResourceChanged> events = new ArrayList<>(next.size());
      next.forEach(row -> events.add(row.event()));
      pending = new Pending(next, publisher.send(events));
      // The shards that had rows may hold more: read just those again, with whatever was
      // signalled meanwhile. The others are empty or left to their signals and the poll.
      BitSet hadRows = new BitSet();
      next.forEach(row -> hadRows.set(row.shard()));
      scope = new Wakeup.Hint(false, hadRows).and(wakeup.poll());
    }
  }

  private static List<Integer> inScope(List<Integer> owned, Wakeup.Hint scope) {
    if (scope.everything()) {
      return owned;
    }
    List<Integer> shards = new ArrayList<>();
    for (Integer shard : owned) {
      if (scope.shards().get(shard)) {
        shards.add(shard);
      }
    }
    return shards;
  }

  /**
   * A writer's NOTIFY named {@code shard}: wakes this lane for it if the lane owns it. Shards owned
   * elsewhere (another lane or instance, or one being handed over) are left to their owner; a lane
   * that takes a shard reads all of it at once.
   */
  void notified(int shard) {
    if (owned.contains(shard)) {
      wakeup.signal(shard);
    }
  }

  /** Wakes this lane to read every shard it owns. */
  void wakeForEverything() {
    wakeup.signal();
  }

  /** A batch sent to Kafka and not yet deleted. */
  private record Pending(List<OutboxRows.Row> rows, KafkaPublisher.InFlight batch) {
    long[] positions() {
      return rows.stream().mapToLong(OutboxRows.Row::position).toArray();
    }
  }

  /** Waits for the batch's acknowledgements and deletes the acknowledged rows; true if all were. */
  private boolean settle(Connection connection, Pending pending) throws SQLException {
    BitSet acked = pending.batch().await();
    long[] positions = acked.stream().mapToLong(i -> pending.rows().get(i).position()).toArray();
    OutboxRows.delete(connection, positions);
    return positions.length == pending.rows().size();
  }

  private void setOwned(List<Integer> shards) {
    owned = Set.copyOf(shards);
    ownedShards.update(index, shards.size());
  }
}
