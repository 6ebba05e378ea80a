package io.keeplive.relay.outbox.internal;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A level-triggered wake-up signal that remembers which shards it was signalled for. A signal that
 * arrives while nobody waits is kept, so the next wait returns at once: a NOTIFY that lands while a
 * lane is busy publishing is never lost, and many NOTIFYs during one batch cost one extra read, not
 * many.
 *
 * <p>{@link #signal(int)} names a shard (a writer's NOTIFY carries its shard), so the woken lane
 * reads just that shard instead of probing all it owns. {@link #signal()} names none and means
 * "look at everything" (stop requests, a LISTEN session that reconnected); so does a wait that ran
 * out, which is the poll fallback.
 */
public final class Wakeup {

  /** What ended a wait: everything, or only the signalled shards. */
  public record Hint(boolean everything, BitSet shards) {

    static final Hint EVERYTHING = new Hint(true, new BitSet());
    static final Hint NOTHING = new Hint(false, new BitSet());

    public boolean isEmpty() {
      return !everything && shards.isEmpty();
    }

    /** Both hints together. */
    public Hint and(Hint other) {
      if (everything || other.everything) {
        return EVERYTHING;
      }
      BitSet union = (BitSet) shards.clone();
      union.or(other.shards);
      return new Hint(false, union);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private boolean everything;
  private final BitSet shards = new BitSet();

  /** Wakes the waiter for everything. */
  public void signal() {
    lock.lock();
    try {
      everything = true;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the waiter for one shard. */
  public void signal(int shard) {
    lock.lock();
    try {
      shards.set(shard);
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until signalled or {@code timeout} passed and consumes the signals: the shards signalled,
   * or everything after an untargeted signal or when the time ran out.
   */
  public Hint await(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!everything && shards.isEmpty() && nanos > 0) {
        nanos = signalled.awaitNanos(nanos);
      }
      return take(true);
    } finally {
      lock.unlock();
    }
  }

  /** Consumes what was signalled so far without waiting; {@link Hint#NOTHING} if nothing was. */
  public Hint poll() {
    lock.lock();
    try {
      return take(false);
    } finally {
      lock.unlock();
    }
  }

  private Hint take(boolean timedOutMeansEverything) {
    Hint hint;
    if (everything || (timedOutMeansEverything && shards.isEmpty())) {
      hint = Hint.EVERYTHING;
    } else if (shards.isEmpty()) {
      hint = Hint.NOTHING;
    } else {
      hint = new Hint(false, (BitSet) shards.clone());
    }
    everything = false;
    shards.clear();
    return hint;
  }
}
