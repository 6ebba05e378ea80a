package io.keeplive.gateway.session;

import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.session.internal.AbortableNettySession;
import io.keeplive.gateway.session.internal.Polled;
import io.keeplive.gateway.session.internal.SendQueue;
import io.keeplive.gateway.session.internal.Transport;
import io.keeplive.gateway.session.internal.WireMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * The outgoing side of one session: its {@link SendQueue}, writing it as the connection takes
 * frames, and closing (with a handshake, then, past the close grace, by dropping the connection).
 *
 * <p>Bounded in bytes: frames leave the queue only while the connection takes them ({@link
 * Transport}: reactive demand and Netty's write buffer under its high-water mark), so what a slow
 * client has not read stays in the queue, where it is counted, collapsed and resynced ({@link
 * SendQueue}); the queue plus what Netty holds never stays above {@code max-unsent-bytes}. A
 * session that reached the bound has {@code write-timeout} to drain (read until its queue is
 * empty), or is closed with 4408. A close queued behind unread output (4401, 4403, 4429) is forced
 * after the close grace. The liveness of an idle connection is {@link Liveness}'s.
 *
 * <p>Shares the session's monitor ({@code lock}): the session queues under it and then calls {@link
 * #drain()} or {@link #settle} outside it. Writing never blocks and happens on the connection's
 * event loop.
 */
final class Outbound {

  private static final Logger log = LoggerFactory.getLogger(Outbound.class);

  private final Object lock;
  private final WebSocketSession socket;
  private final Runnable abort;
  private final SessionContext context;
  private final Runnable release;
  private final Supplier<String> user;
  private final Transport transport;
  private final SendQueue queue;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile FluxSink<WebSocketMessage> sink;
  private final Liveness liveness;
  // Guarded by lock.
  private Disposable abortTimer;
  private Disposable closeTimer;
  private Disposable writeTimer;
  private long highWater;
  private boolean closed;
  private boolean ended;

  /**
   * @param lock the session's monitor, guarding the queue and the close state
   * @param abort drops the connection without a close handshake (TCP close); never blocks
   * @param release releases the session's subscriptions once it is closed; runs on the scheduler
   * @param user the session's user, for logs
   */
  Outbound(
      Object lock,
      WebSocketSession socket,
      Runnable abort,
      SessionContext context,
      Runnable release,
      Supplier<String> user) {
    this.lock = lock;
    this.socket = socket;
    this.abort = abort;
    this.context = context;
    this.release = release;
    this.user = user;
    this.transport =
        socket instanceof AbortableNettySession netty ? netty.transport() : Transport.UNBOUNDED;
    this.queue =
        new SendQueue(
            context.properties().limits().maxUnsentBytes(), transport::pending, context.listener());
    transport.onWritable(this::drain);
    this.liveness = new Liveness(lock, context, this);
  }

  /** The queue; only under the session's monitor. */
  SendQueue queue() {
    return queue;
  }

  /** Whether the session is closed; only under the session's monitor. */
  boolean closedLocked() {
    return closed;
  }

  /** Marks the session closed; only under the session's monitor. */
  void markClosedLocked() {
    closed = true;
  }

  /** Writes the queue to the connection until the connection or the session ends. */
  Mono<Void> send() {
    liveness.start();
    Flux<WebSocketMessage> outgoing =
        Flux.create(
            emitter -> {
              sink = emitter;
              emitter.onRequest(n -> drain());
            },
            // drainLoop emits only what was requested, so the sink needs no buffer (BUFFER would
            // allocate a 256-slot queue per session that never holds anything).
            FluxSink.OverflowStrategy.ERROR);
    return socket.send(outgoing).onErrorResume(e -> Mono.empty());
  }

  /** A frame that concerns no subscription (auth_ok, pong, errors without id). */
  void control(String frame) {
    SendQueue.Outcome outcome;
    synchronized (lock) {
      outcome = queue.control(frame);
    }
    settle(outcome);
  }

  /**
   * Acts on what queueing asked for: close a consumer too slow to resync, start the write timeout
   * of one that reached the bound, and write.
   */
  void settle(SendQueue.Outcome outcome) {
    if (outcome == SendQueue.Outcome.SLOW_CONSUMER) {
      closeNow(CloseCode.SLOW_CONSUMER);
      return;
    }
    if (outcome == SendQueue.Outcome.PRESSED) {
      startWriteTimeout();
    }
    drain();
  }

  /**
   * Writes what is queued, then closes with {@code code}. The close waits behind unread output, so
   * a client that does not read it within the close grace is closed at once (and then dropped).
   */
  void closeAfterPending(CloseCode code) {
    synchronized (lock) {
      if (closed || queue.closing()) {
        return;
      }
      queue.closeAfterPending(code);
      closeTimer =
          schedule(() -> closeNow(code), context.properties().limits().closeGrace().toMillis());
    }
    drain();
  }

  /** Writes queued frames as far as the connection takes them; never blocks. */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    transport.execute(this::drainLoop);
  }

  private void drainLoop() {
    int missed = 1;
    do {
      FluxSink<WebSocketMessage> out = sink;
      while (out != null && out.requestedFromDownstream() > 0 && transport.writable()) {
        Polled polled;
        synchronized (lock) {
          polled = closed ? null : queue.poll(Instant.now());
        }
        if (polled == null) {
          break;
        }
        if (polled instanceof Polled.Close close) {
          closeNow(close.code());
          break;
        }
        out.next(WireMessages.of(socket, polled));
      }
      recordUnsent();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /**
   * Keeps the high-water mark, and ends a write timeout once the client drained: everything queued
   * was handed to the connection.
   */
  private void recordUnsent() {
    synchronized (lock) {
      highWater = Math.max(highWater, queue.unsent());
      if (writeTimer != null && queue.size() == 0) {
        writeTimer.dispose();
        writeTimer = null;
      }
    }
  }

  private void startWriteTimeout() {
    synchronized (lock) {
      if (writeTimer != null || closed) {
        return;
      }
      writeTimer =
          schedule(this::writeTimedOut, context.properties().limits().writeTimeout().toMillis());
    }
  }

  private void writeTimedOut() {
    synchronized (lock) {
      writeTimer = null;
      if (closed || queue.size() == 0) {
        return;
      }
    }
    closeFor("did not drain within the write timeout", CloseCode.SLOW_CONSUMER);
  }

  private Disposable schedule(Runnable task, long delayMillis) {
    try {
      return context.scheduler().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Only while shutting down, when the server closes every connection anyway.
      log.debug("scheduler gone", e);
      return null;
    }
  }

  /**
   * Closes the connection with {@code code} at once; anything still queued is dropped and the
   * subscriptions are released without waiting for the connection to end. A connection the client
   * has not closed in turn within the close grace is dropped.
   */
  void closeNow(CloseCode code) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    FluxSink<WebSocketMessage> out = sink;
    if (out != null) {
      out.complete();
    }
    socket
        .close(new CloseStatus(code.code(), code.reason()))
        .subscribe(null, e -> log.debug("close failed", e));
    // The close frame waits behind what is already written, so the connection ends only once the
    // client reads again (or the grace runs out): a slow consumer would keep its subscriptions (and
    // their refetches) until then. Release them now; not on this stack, which may be a cohort's
    // delivery.
    try {
      context.scheduler().schedule(release);
    } catch (RejectedExecutionException e) {
      log.debug("scheduler gone; subscriptions are released when the connection ends", e);
    }
    abortAfterGrace(code);
  }

  /**
   * The connection itself (and Netty's buffer of unread bytes, and this session in the gauge) would
   * stay as long as the client does not read: a client that has not completed the close within the
   * grace has its connection dropped. A client that reads completes it long before.
   */
  private void abortAfterGrace(CloseCode code) {
    Duration grace = context.properties().limits().closeGrace();
    synchronized (lock) {
      if (ended) {
        return;
      }
      try {
        abortTimer =
            context
                .scheduler()
                .schedule(() -> abortStalled(code, grace), grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Only while shutting down, when the server closes every connection anyway.
        log.debug("scheduler gone; the connection ends when the client completes the close", e);
      }
    }
  }

  private void abortStalled(CloseCode code, Duration grace) {
    synchronized (lock) {
      if (ended) {
        return;
      }
    }
    log.debug(
        "user={} did not complete close {} within {}; dropping the connection",
        user.get(),
        code.code(),
        grace);
    context.listener().aborted();
    abort.run();
  }

  /** The connection is gone: pending timers have nothing left to do. */
  void connectionEnded() {
    synchronized (lock) {
      ended = true;
      for (Disposable timer : new Disposable[] {abortTimer, closeTimer, writeTimer}) {
        if (timer != null) {
          timer.dispose();
        }
      }
      liveness.stopLocked();
    }
  }

  /** Something (a frame, a ping or a pong) arrived from the client. */
  void inbound() {
    liveness.inbound();
  }

  /** Logs why the session is closed; {@code user} is not known before authentication. */
  void closeFor(String reason, CloseCode code) {
    log.debug("user={} {}; closing with {}", user.get(), reason, code.code());
    closeNow(code);
  }

  /** The client closed (or the connection broke): stop writing. */
  void clientGone() {
    synchronized (lock) {
      closed = true;
    }
    FluxSink<WebSocketMessage> out = sink;
    if (out != null) {
      out.complete();
    }
  }

  /** The session's byte accounting now: unsent output, its most ever, and the bound. */
  Unsent unsent() {
    synchronized (lock) {
      long now = queue.unsent();
      return new Unsent(
          now, Math.max(Math.max(highWater, queue.highWater()), now), queue.maxBytes());
    }
  }
}
