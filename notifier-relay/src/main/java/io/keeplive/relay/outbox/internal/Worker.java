package io.keeplive.relay.outbox.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A dedicated platform thread with a cooperative stop: {@link #requestStop()} sets a flag and wakes
 * the thread; {@link #awaitStop} joins it and interrupts it only when the deadline passed.
 */
public abstract class Worker {

  private final Thread thread;
  protected final Wakeup wakeup;
  protected volatile boolean stopping;

  protected Worker(String name, Wakeup wakeup) {
    this.wakeup = wakeup;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public void requestStop() {
    stopping = true;
    wakeup.signal();
  }

  /** Joins until {@code deadlineNanos} ({@link System#nanoTime()} based), then interrupts. */
  public void awaitStop(long deadlineNanos) {
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  protected abstract void loop();

  /** Sleeps on the wake-up (a stop request ends it early); false when interrupted. */
  protected boolean pause(Duration duration) {
    return awaitSignal(duration) != null;
  }

  /**
   * Sleeps on the wake-up and returns what woke it (everything when the time ran out), or {@code
   * null} when interrupted.
   */
  protected Wakeup.Hint awaitSignal(Duration duration) {
    try {
      return wakeup.await(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      return null;
    }
  }
}
