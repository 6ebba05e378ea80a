package io.keeplive.gateway.position;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The "consumed up to" position of one tenant on this gateway (SPEC §4.1): the largest {@code w}
 * such that every notification of the tenant with position ≤ {@code w} has been consumed and every
 * refetch it caused has been pushed into the send queue of every session it concerns.
 *
 * <p>Two inputs make it: {@link #consumed(long)}, the largest position consumed (per tenant, first
 * deliveries arrive in position order, so everything of the tenant below it was consumed too), and
 * the positions still <em>owed</em>: a cohort that a notification at {@code p} made dirty owes
 * {@code p} (see {@link #owe}) until a refetch that started after the notification has been
 * published to its members ({@link #release}). Then {@code value = min(consumed, lowest owed - 1)}.
 *
 * <p>Positions are values of one global sequence: per tenant they grow in commit order but are not
 * contiguous, so nothing here counts on {@code p + 1} being the tenant's next write. Duplicates
 * (the relay delivers at least once) are recognised by a position not above {@link #consumed()}
 * ({@link #isNew}); they owe nothing, which keeps the value from ever going down.
 *
 * <p>Waiters ({@link #await}) run once the value reaches their position, on the thread that moved
 * it, outside this object's monitor. Thread-safe.
 */
public final class Watermark {

  private long consumed;
  // Owed position → how many owe it (a multiset).
  private final TreeMap<Long, Integer> owed = new TreeMap<>();
  private final List<Waiter> waiters = new ArrayList<>();

  /** A registered wait; {@link #cancel()} removes it (e.g. at its timeout). */
  public interface Waiting {
    void cancel();
  }

  private final class Waiter implements Waiting {
    final long position;
    final Runnable reached;

    Waiter(long position, Runnable reached) {
      this.position = position;
      this.reached = reached;
    }

    @Override
    public void cancel() {
      synchronized (Watermark.this) {
        waiters.remove(this);
      }
    }
  }

  /** The watermark: every write of the tenant up to it is on every affected session's queue. */
  public synchronized long value() {
    return owed.isEmpty() ? consumed : Math.min(consumed, owed.firstKey() - 1);
  }

  /** The largest position consumed; a read that starts now sees every write up to it. */
  public synchronized long consumed() {
    return consumed;
  }

  /** Whether {@code position} is a first delivery (above everything consumed), not a duplicate. */
  public synchronized boolean isNew(long position) {
    return position > consumed;
  }

  /**
   * The notification at {@code position} is consumed: called after the cohorts it made dirty owe
   * it, so that the value never covers a refetch not yet done.
   */
  public void consumed(long position) {
    List<Runnable> run;
    synchronized (this) {
      if (position <= consumed) {
        return;
      }
      consumed = position;
      run = reachedLocked();
    }
    run.forEach(Runnable::run);
  }

  /** A cohort owes a refetch for the notification at {@code position} (no-op for 0). */
  public synchronized void owe(long position) {
    if (position > 0) {
      owed.merge(position, 1, Integer::sum);
    }
  }

  /** A refetch covering {@code position} was published (no-op for 0). */
  public void release(long position) {
    if (position <= 0) {
      return;
    }
    List<Runnable> run;
    synchronized (this) {
      Integer count = owed.get(position);
      if (count == null) {
        // Never owed (a defect): moving the value on anyway beats blocking every sync for good.
        return;
      }
      if (count == 1) {
        owed.remove(position);
      } else {
        owed.put(position, count - 1);
      }
      run = reachedLocked();
    }
    run.forEach(Runnable::run);
  }

  /**
   * Runs {@code reached} once {@link #value()} is at least {@code position}: now, on this thread,
   * if it already is (then {@code null} is returned), else later on the thread that moves the
   * value.
   */
  public Waiting await(long position, Runnable reached) {
    synchronized (this) {
      if (value() < position) {
        Waiter waiter = new Waiter(position, reached);
        waiters.add(waiter);
        return waiter;
      }
    }
    reached.run();
    return null;
  }

  /** Number of waits registered (for tests and the debug view). */
  public synchronized int waiting() {
    return waiters.size();
  }

  private List<Runnable> reachedLocked() {
    if (waiters.isEmpty()) {
      return List.of();
    }
    long value = value();
    List<Runnable> run = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.position <= value) {
        it.remove();
        run.add(waiter.reached);
      }
    }
    return run;
  }

  @Override
  public synchronized String toString() {
    return "Watermark[value=" + value() + " consumed=" + consumed + " owed=" + owed + "]";
  }
}
