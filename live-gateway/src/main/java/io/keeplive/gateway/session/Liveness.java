package io.keeplive.gateway.session;

import io.keeplive.gateway.protocol.CloseCode;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Whether a connection is still alive: one from which nothing arrived for {@code ping-interval} is
 * sent a WebSocket ping, and one that sent nothing (not even the pong) by the next interval is
 * closed with 4408. A dead peer (or one that reads nothing at all, so the ping never reaches it)
 * would otherwise keep its session, its subscriptions and its buffers forever.
 *
 * <p>Time is the scheduler's, so that tests on virtual time drive it. Shares the session's monitor.
 */
final class Liveness {

  private static final Logger log = LoggerFactory.getLogger(Liveness.class);

  private final Object lock;
  private final SessionContext context;
  private final Outbound out;
  private volatile long lastInboundNanos;
  // Guarded by lock.
  private Disposable task;
  private long pingSentNanos;

  Liveness(Object lock, SessionContext context, Outbound out) {
    this.lock = lock;
    this.context = context;
    this.out = out;
    this.lastInboundNanos = now();
  }

  private long now() {
    return context.scheduler().now(TimeUnit.NANOSECONDS);
  }

  void start() {
    long interval = context.properties().limits().pingInterval().toMillis();
    try {
      Disposable check =
          context
              .scheduler()
              .schedulePeriodically(this::check, interval, interval, TimeUnit.MILLISECONDS);
      synchronized (lock) {
        task = check;
      }
    } catch (RejectedExecutionException e) {
      log.debug("scheduler gone; the connection is not pinged", e);
    }
  }

  /** Something (a frame, a ping or a pong) arrived from the client. */
  void inbound() {
    lastInboundNanos = now();
  }

  /** The connection ended; only under the session's monitor. */
  void stopLocked() {
    if (task != null) {
      task.dispose();
    }
  }

  /** Every interval: silent since the last ping → dead; silent for an interval → ping. */
  private void check() {
    long now = now();
    long interval = context.properties().limits().pingInterval().toNanos();
    boolean dead;
    synchronized (lock) {
      if (out.closedLocked()) {
        return;
      }
      dead = pingSentNanos != 0 && lastInboundNanos - pingSentNanos < 0;
      if (!dead) {
        pingSentNanos = 0;
        if (now - lastInboundNanos >= interval) {
          pingSentNanos = now;
          out.queue().ping();
        }
      }
    }
    if (dead) {
      out.closeFor("answered no ping", CloseCode.SLOW_CONSUMER);
    } else {
      out.drain();
    }
  }
}
