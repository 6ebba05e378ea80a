package io.keeplive.gateway.session;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.session.internal.SendQueue;
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
 * The outgoing side of one session: its {@link SendQueue}, writing it as the connection asks for
 * frames, and closing (with a handshake, then, past the close grace, by dropping the connection).
 *
 * <p>Shares the session's monitor ({@code lock}): the session queues under it and then calls {@link
 * #drain()} or {@link #settle} outside it. Writing never blocks: frames leave the queue only as far
 * as the connection's reactive demand allows, so a slow client fills the bounded queue, not memory.
 */
final class Outbound {

  private static final Logger log = LoggerFactory.getLogger(Outbound.class);

  private final Object lock;
  private final WebSocketSession socket;
  private final Runnable abort;
  private final SessionContext context;
  private final Runnable release;
  private final Supplier<String> user;
  private final SendQueue queue;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile FluxSink<WebSocketMessage> sink;
  // Guarded by lock.
  private Disposable abortTimer;
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
    this.queue = new SendQueue(context.properties().limits().sendQueueBound(), events(context));
  }

  private static SendQueue.Events events(SessionContext context) {
    GatewayListener listener = context.listener();
    return new SendQueue.Events() {
      @Override
      public void pushed(String type) {
        listener.pushed(type);
      }

      @Override
      public void dropped(int messages) {
        listener.dropped(messages);
      }

      @Override
      public void resynced() {
        listener.resynced();
      }

      @Override
      public void delivered(Duration commitToPush) {
        listener.delivered(commitToPush);
      }
    };
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
    Flux<WebSocketMessage> outgoing =
        Flux.create(
            emitter -> {
              sink = emitter;
              emitter.onRequest(n -> drain());
            },
            FluxSink.OverflowStrategy.BUFFER);
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

  /** Acts on what queueing asked for: close a consumer too slow to resync, or write. */
  void settle(SendQueue.Outcome outcome) {
    if (outcome == SendQueue.Outcome.SLOW_CONSUMER) {
      closeNow(CloseCode.SLOW_CONSUMER);
    } else {
      drain();
    }
  }

  void closeAfterPending(CloseCode code) {
    synchronized (lock) {
      queue.closeAfterPending(code);
    }
    drain();
  }

  /** Writes queued frames as far as the connection's demand allows; never blocks. */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      FluxSink<WebSocketMessage> out = sink;
      while (out != null && out.requestedFromDownstream() > 0) {
        SendQueue.Polled polled;
        synchronized (lock) {
          polled = closed ? null : queue.poll(Instant.now());
        }
        if (polled == null) {
          break;
        }
        if (polled instanceof SendQueue.Polled.Text text) {
          out.next(socket.textMessage(text.frame()));
        } else if (polled instanceof SendQueue.Polled.Close close) {
          closeNow(close.code());
          break;
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
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

  /** The connection is gone: a pending abort has nothing left to do. */
  void connectionEnded() {
    synchronized (lock) {
      ended = true;
      if (abortTimer != null) {
        abortTimer.dispose();
      }
    }
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

  /** Frames waiting to be written (for tracing). */
  int queued() {
    synchronized (lock) {
      return queue.size();
    }
  }
}
