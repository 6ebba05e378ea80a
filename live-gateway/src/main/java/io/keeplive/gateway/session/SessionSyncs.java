package io.keeplive.gateway.session;

import io.keeplive.gateway.position.Watermark;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.ServerMessages;
import io.keeplive.gateway.session.internal.SendQueue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import reactor.core.Disposable;

/**
 * The {@code sync} requests of one session (SPEC §4.1): each waits until the tenant's {@link
 * Watermark} reached its position and every subscription of the session has its first result, then
 * {@code synced} is queued behind everything already queued (package note of {@code
 * io.keeplive.gateway.position} gives the argument). A request that cannot be confirmed within
 * {@code keeplive.gateway.sync.timeout} gets {@code sync_timeout}; more than {@code
 * keeplive.gateway.sync.max-pending} waiting at once get {@code too_many_syncs}, since each holds a
 * timer and a place in the tenant's waiters.
 *
 * <p>Guarded by the session's monitor; watermark waits are registered and cancelled outside it (the
 * watermark calls back on the thread that moves it, which may hold no session lock).
 */
final class SessionSyncs {

  private final Object lock;
  private final SessionContext context;
  private final Outbound out;
  // Whether every active subscription has its first result; called under the lock.
  private final BooleanSupplier subscriptionsFetched;
  // Guarded by lock, in arrival order.
  private final List<Pending> pending = new ArrayList<>();

  private static final class Pending {
    final String ref;
    final long position;
    boolean reached;
    // Set once the wait is registered; read by whoever ends the request first.
    volatile Watermark.Waiting waiting;
    Disposable timer;

    Pending(String ref, long position) {
      this.ref = ref;
      this.position = position;
    }
  }

  SessionSyncs(
      Object lock, SessionContext context, Outbound out, BooleanSupplier subscriptionsFetched) {
    this.lock = lock;
    this.context = context;
    this.out = out;
    this.subscriptionsFetched = subscriptionsFetched;
  }

  /** A {@code sync} of an authenticated session of {@code tenant}. */
  void request(String tenant, String ref, long position) {
    var sync = context.properties().sync();
    Pending request = new Pending(ref, position);
    SendQueue.Outcome refused;
    synchronized (lock) {
      if (out.closedLocked()) {
        return;
      }
      if (pending.size() < sync.maxPending()) {
        pending.add(request);
        request.timer = schedule(() -> timedOut(request), sync.timeout().toMillis());
        refused = null;
      } else {
        refused =
            out.queue()
                .control(
                    ServerMessages.syncError(
                        ref,
                        ErrorCode.TOO_MANY_SYNCS,
                        "at most " + sync.maxPending() + " syncs may wait at once"));
      }
    }
    if (refused != null) {
      settle(refused);
      return;
    }
    Watermark.Waiting waiting =
        context.registry().watermarks().of(tenant).await(position, () -> reached(request));
    boolean stale;
    synchronized (lock) {
      request.waiting = waiting;
      stale = !pending.contains(request);
    }
    if (stale && waiting != null) {
      // Timed out or closed while registering.
      waiting.cancel();
    }
  }

  private void reached(Pending request) {
    synchronized (lock) {
      request.reached = true;
    }
    confirm();
  }

  /**
   * Queues {@code synced} for every request whose position was reached, once every subscription has
   * its first result. Called when a position is reached and after a first result.
   */
  void confirm() {
    SendQueue.Outcome outcome = SendQueue.Outcome.OK;
    synchronized (lock) {
      if (pending.isEmpty() || out.closedLocked() || !subscriptionsFetched.getAsBoolean()) {
        return;
      }
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending request = it.next();
        if (request.reached) {
          it.remove();
          dispose(request.timer);
          outcome =
              worse(
                  outcome,
                  out.queue().control(ServerMessages.synced(request.ref, request.position)));
        }
      }
    }
    settle(outcome);
  }

  private void timedOut(Pending request) {
    SendQueue.Outcome outcome;
    synchronized (lock) {
      if (!pending.remove(request) || out.closedLocked()) {
        return;
      }
      outcome =
          out.queue()
              .control(
                  ServerMessages.syncError(
                      request.ref,
                      ErrorCode.SYNC_TIMEOUT,
                      "position "
                          + request.position
                          + " was not confirmed within "
                          + context.properties().sync().timeout().toMillis()
                          + " ms"));
    }
    cancel(request);
    settle(outcome);
  }

  /**
   * The session closed: every wait ends without an answer. Under the lock (a watermark never calls
   * back while holding its own monitor, so taking it here cannot deadlock).
   */
  void closeLocked() {
    for (Pending request : pending) {
      dispose(request.timer);
      cancel(request);
    }
    pending.clear();
  }

  private static void cancel(Pending request) {
    Watermark.Waiting waiting = request.waiting;
    if (waiting != null) {
      waiting.cancel();
    }
  }

  private void settle(SendQueue.Outcome outcome) {
    out.settle(outcome);
  }

  private static SendQueue.Outcome worse(SendQueue.Outcome a, SendQueue.Outcome b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void dispose(Disposable timer) {
    if (timer != null) {
      timer.dispose();
    }
  }

  private Disposable schedule(Runnable task, long delayMillis) {
    try {
      return context.scheduler().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Only while shutting down, when every connection closes anyway.
      return null;
    }
  }
}
