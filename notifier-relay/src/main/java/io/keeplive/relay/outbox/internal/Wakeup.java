package io.keeplive.relay.outbox.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A level-triggered wake-up signal: a {@link #signal()} that arrives while nobody waits is kept, so
 * the next {@link #await} returns at once. A NOTIFY that lands while a lane is busy publishing
 * therefore is never lost, and many NOTIFYs during one batch cost one extra read, not many.
 */
public final class Wakeup {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private boolean pending;

  public void signal() {
    lock.lock();
    try {
      pending = true;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until signalled or {@code timeout} passed; consumes the signal. */
  public void await(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!pending && nanos > 0) {
        nanos = signalled.awaitNanos(nanos);
      }
      pending = false;
    } finally {
      lock.unlock();
    }
  }
}
