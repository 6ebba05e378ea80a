package io.keeplive.gateway.session;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.ClientMessage;
import io.keeplive.gateway.protocol.ClientMessages;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.ServerMessages;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.Rows;
import io.keeplive.gateway.session.internal.RateLimiter;
import io.keeplive.gateway.session.internal.SendQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One WebSocket connection speaking {@code keeplive.v1}.
 *
 * <p>Concurrency: frames arrive in order on the connection's event loop; results arrive from
 * refetch threads; timers fire on the context's scheduler. All session state is guarded by this
 * object's monitor, held only for short, non-blocking steps. Outgoing frames go through the {@link
 * SendQueue} and are written only as the connection asks for them (reactive demand), so a slow
 * client fills the bounded queue, never memory. Calls into the cohort registry are made outside the
 * monitor.
 *
 * <p>Lifecycle: awaiting auth (closed with 4401 after the auth timeout) → authenticated (token
 * refresh allowed for the same user and tenant; expiry without refresh closes with 4401) → closed
 * (every subscription leaves its cohort) → ended (the connection is gone). A close the gateway
 * starts that the client has not completed within the close grace ends the connection by dropping
 * it: a client that stopped reading never sees the close frame queued behind its unread bytes.
 */
public final class LiveSession {

  private static final Logger log = LoggerFactory.getLogger(LiveSession.class);
  private static final Logger trace = LoggerFactory.getLogger("io.keeplive.gateway.trace");

  private final WebSocketSession socket;
  private final Runnable abort;
  private final SessionContext context;
  private final SendQueue queue;
  private final RateLimiter rateLimiter;
  private final AtomicInteger wip = new AtomicInteger();
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private volatile FluxSink<WebSocketMessage> sink;
  private volatile Identity identity;
  private Disposable authTimer;
  private Disposable expiryTimer;
  private Disposable abortTimer;
  private boolean closed;
  private boolean ended;

  /**
   * @param abort drops the connection without a close handshake (TCP close); never blocks
   */
  LiveSession(WebSocketSession socket, Runnable abort, SessionContext context) {
    this.socket = socket;
    this.abort = abort;
    this.context = context;
    var limits = context.properties().limits();
    GatewayListener listener = context.listener();
    this.queue =
        new SendQueue(
            limits.sendQueueBound(),
            new SendQueue.Events() {
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
            });
    this.rateLimiter =
        new RateLimiter(
            limits.messagesPerSecond(),
            limits.rateLimitedBeforeClose(),
            limits.rateLimitWindow().toNanos(),
            System.nanoTime());
  }

  SessionContext context() {
    return context;
  }

  /** Runs the session until the connection closes. */
  Mono<Void> run() {
    Flux<WebSocketMessage> outgoing =
        Flux.create(
            emitter -> {
              sink = emitter;
              emitter.onRequest(n -> drain());
            },
            FluxSink.OverflowStrategy.BUFFER);
    Mono<Void> output = socket.send(outgoing).onErrorResume(e -> Mono.empty());
    Mono<Void> input =
        socket
            .receive()
            .doOnNext(this::onFrame)
            .onErrorResume(e -> Mono.empty())
            .then(Mono.fromRunnable(this::onClientGone));
    authTimer =
        context
            .scheduler()
            .schedule(
                this::authTimedOut,
                context.properties().limits().authTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    return Mono.when(input, output)
        .doFinally(
            signal -> {
              ended();
              cleanup();
            });
  }

  // ---------------------------------------------------------------- incoming frames

  private void onFrame(WebSocketMessage message) {
    if (message.getType() == WebSocketMessage.Type.PING
        || message.getType() == WebSocketMessage.Type.PONG) {
      return;
    }
    int size = message.getPayload().readableByteCount();
    if (size > context.properties().limits().maxFrameBytes()) {
      closeNow(CloseCode.FRAME_TOO_LARGE);
      return;
    }
    switch (rateLimiter.onMessage(System.nanoTime())) {
      case ALLOW -> {}
      case REFUSE -> {
        control(ServerMessages.error(null, 0, ErrorCode.RATE_LIMITED, "too many messages"));
        return;
      }
      case CLOSE -> {
        control(ServerMessages.error(null, 0, ErrorCode.RATE_LIMITED, "too many messages"));
        closeAfterPending(CloseCode.RATE_LIMITED);
        return;
      }
    }
    if (message.getType() != WebSocketMessage.Type.TEXT) {
      refuse(
          new ClientMessages.Refused(null, ErrorCode.BAD_REQUEST, "only text frames are accepted"));
      return;
    }
    String text = message.getPayload().toString(StandardCharsets.UTF_8);
    ClientMessages.Parsed parsed = context.parser().parse(text);
    if (parsed instanceof ClientMessages.Ok ok) {
      handle(ok.message());
    } else {
      refuse((ClientMessages.Refused) parsed);
    }
  }

  private void refuse(ClientMessages.Refused refused) {
    if (identity == null) {
      unauthenticated(ErrorCode.UNAUTHORIZED, "authenticate first: " + refused.message());
      return;
    }
    if (refused.id() == null) {
      control(ServerMessages.error(null, 0, refused.code(), refused.message()));
      return;
    }
    synchronized (this) {
      Subscription active = subscriptions.get(refused.id());
      if (active != null) {
        queue.notice(active.stream(), refused.code(), refused.message());
      } else {
        queue.control(ServerMessages.error(refused.id(), 1, refused.code(), refused.message()));
      }
    }
    drain();
  }

  private void handle(ClientMessage message) {
    if (message instanceof ClientMessage.Auth auth) {
      authenticate(auth.token());
      return;
    }
    if (identity == null) {
      unauthenticated(ErrorCode.UNAUTHORIZED, "the first message must be auth");
      return;
    }
    if (message instanceof ClientMessage.Subscribe subscribe) {
      subscribe(subscribe);
    } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
      unsubscribe(unsubscribe.id());
    } else if (message instanceof ClientMessage.Ping) {
      control(ServerMessages.pong());
    }
  }

  // ---------------------------------------------------------------- identity

  private void authenticate(String token) {
    TokenVerification verification = context.verifier().verify(token);
    Identity current = identity;
    if (verification instanceof TokenVerification.Rejected rejected) {
      ErrorCode code =
          rejected.reason() == TokenVerification.Reason.EXPIRED
              ? ErrorCode.TOKEN_EXPIRED
              : ErrorCode.UNAUTHORIZED;
      if (current == null) {
        unauthenticated(code, rejected.message());
      } else {
        // A failed refresh keeps the session on its current, still valid token.
        control(ServerMessages.error(null, 0, code, rejected.message()));
      }
      return;
    }
    Identity verified = ((TokenVerification.Verified) verification).identity();
    if (current != null && !current.samePrincipalAs(verified)) {
      control(
          ServerMessages.error(
              null, 0, ErrorCode.FORBIDDEN, "a session cannot change its user or tenant"));
      closeAfterPending(CloseCode.IDENTITY_CHANGED);
      return;
    }
    List<Subscription> replan = List.of();
    synchronized (this) {
      if (closed) {
        return;
      }
      identity = verified;
      if (authTimer != null) {
        authTimer.dispose();
      }
      if (expiryTimer != null) {
        expiryTimer.dispose();
      }
      long untilExpiry = Duration.between(Instant.now(), verified.expiresAt()).toMillis();
      expiryTimer =
          context
              .scheduler()
              .schedule(() -> expired(verified), Math.max(0, untilExpiry), TimeUnit.MILLISECONDS);
      queue.control(
          ServerMessages.authOk(verified.user(), verified.tenant(), verified.expiresAt()));
      if (current != null && !current.roles().equals(verified.roles())) {
        // Other roles may mean another policy cohort: plan every subscription again.
        replan = new ArrayList<>(subscriptions.values());
      }
    }
    drain();
    replan.forEach(Subscription::replan);
  }

  private void expired(Identity expiring) {
    if (identity == expiring) {
      unauthenticated(
          ErrorCode.TOKEN_EXPIRED, "token expired; authenticate again with a fresh one");
    }
  }

  /** resource-service no longer accepts the session's token. */
  void tokenRejected(String detail) {
    Identity current = identity;
    boolean expired = current == null || !current.expiresAt().isAfter(Instant.now());
    unauthenticated(
        expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED,
        detail == null ? "token no longer accepted" : detail);
  }

  private void unauthenticated(ErrorCode code, String message) {
    control(ServerMessages.error(null, 0, code, message));
    closeAfterPending(CloseCode.UNAUTHENTICATED);
  }

  private void authTimedOut() {
    if (identity == null) {
      unauthenticated(ErrorCode.UNAUTHORIZED, "no auth message within the auth timeout");
    }
  }

  String currentToken() {
    Identity current = identity;
    return current == null ? null : current.token();
  }

  String currentTenant() {
    Identity current = identity;
    return current == null ? null : current.tenant();
  }

  Instant currentExpiry() {
    Identity current = identity;
    return current == null ? null : current.expiresAt();
  }

  // ---------------------------------------------------------------- subscriptions

  private void subscribe(ClientMessage.Subscribe request) {
    Subscription subscription;
    synchronized (this) {
      if (closed) {
        return;
      }
      Subscription existing = subscriptions.get(request.id());
      if (existing != null) {
        queue.notice(existing.stream(), ErrorCode.BAD_REQUEST, "subscription id is already in use");
        subscription = null;
      } else if (subscriptions.size() >= context.properties().limits().maxSubscriptions()) {
        queue.control(
            ServerMessages.error(
                request.id(),
                1,
                ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                "at most "
                    + context.properties().limits().maxSubscriptions()
                    + " subscriptions per session"));
        subscription = null;
      } else {
        subscription = new Subscription(this, request.id(), request.mode(), request.query());
        subscriptions.put(request.id(), subscription);
      }
    }
    drain();
    if (subscription != null) {
      context.listener().subscriptionStarted(subscription.mode());
      subscription.plan();
    }
  }

  private void unsubscribe(String id) {
    CohortRegistry.Membership leaving;
    Subscription subscription;
    synchronized (this) {
      subscription = subscriptions.remove(id);
      if (subscription == null) {
        queue.control(
            ServerMessages.error(
                id, 1, ErrorCode.BAD_REQUEST, "no active subscription with this id"));
        leaving = null;
      } else {
        leaving = subscription.endLocked();
        queue.complete(subscription.stream());
      }
    }
    drain();
    if (subscription != null) {
      context.listener().subscriptionEnded(subscription.mode());
    }
    if (leaving != null) {
      leaving.leave();
    }
  }

  /** Ends a subscription with an error (plan refused, or refetch refused for good). */
  void endSubscription(Subscription subscription, ErrorCode code, String detail) {
    CohortRegistry.Membership leaving;
    synchronized (this) {
      if (subscriptions.get(subscription.id()) != subscription) {
        return;
      }
      subscriptions.remove(subscription.id());
      leaving = subscription.endLocked();
      queue.fail(subscription.stream(), code, detail);
    }
    drain();
    context.listener().subscriptionEnded(subscription.mode());
    if (leaving != null) {
      leaving.leave();
    }
  }

  /** A fresh result for one of this session's subscriptions. */
  void publish(Subscription subscription, Rows rows, Instant cause) {
    SendQueue.Outcome outcome;
    synchronized (this) {
      if (subscriptions.get(subscription.id()) != subscription) {
        return;
      }
      outcome = queue.publish(subscription.stream(), rows, cause);
    }
    if (context.properties().debugTrace()) {
      trace.info(
          "push user={} subscription={} rows={} queued={} outcome={}",
          user(),
          subscription,
          rows.size(),
          queue.size(),
          outcome);
    }
    if (outcome == SendQueue.Outcome.SLOW_CONSUMER) {
      closeNow(CloseCode.SLOW_CONSUMER);
    } else {
      drain();
    }
  }

  // ---------------------------------------------------------------- outgoing frames

  private void control(String frame) {
    SendQueue.Outcome outcome;
    synchronized (this) {
      outcome = queue.control(frame);
    }
    if (outcome == SendQueue.Outcome.SLOW_CONSUMER) {
      closeNow(CloseCode.SLOW_CONSUMER);
    } else {
      drain();
    }
  }

  private void closeAfterPending(CloseCode code) {
    synchronized (this) {
      queue.closeAfterPending(code);
    }
    drain();
  }

  /** Writes queued frames as far as the connection's demand allows; never blocks. */
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      FluxSink<WebSocketMessage> out = sink;
      while (out != null && out.requestedFromDownstream() > 0) {
        SendQueue.Polled polled;
        synchronized (this) {
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
    synchronized (this) {
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
      context.scheduler().schedule(this::cleanup);
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
    synchronized (this) {
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
    synchronized (this) {
      if (ended) {
        return;
      }
    }
    log.debug(
        "user={} did not complete close {} within {}; dropping the connection",
        user(),
        code.code(),
        grace);
    context.listener().aborted();
    abort.run();
  }

  /** The connection is gone: a pending abort has nothing left to do. */
  private void ended() {
    synchronized (this) {
      ended = true;
      if (abortTimer != null) {
        abortTimer.dispose();
      }
    }
  }

  private void onClientGone() {
    synchronized (this) {
      closed = true;
    }
    FluxSink<WebSocketMessage> out = sink;
    if (out != null) {
      out.complete();
    }
  }

  private void cleanup() {
    List<CohortRegistry.Membership> leaving = new ArrayList<>();
    List<Subscription> ended;
    synchronized (this) {
      closed = true;
      if (authTimer != null) {
        authTimer.dispose();
      }
      if (expiryTimer != null) {
        expiryTimer.dispose();
      }
      ended = new ArrayList<>(subscriptions.values());
      for (Subscription subscription : ended) {
        CohortRegistry.Membership m = subscription.endLocked();
        if (m != null) {
          leaving.add(m);
        }
      }
      subscriptions.clear();
    }
    ended.forEach(s -> context.listener().subscriptionEnded(s.mode()));
    leaving.forEach(CohortRegistry.Membership::leave);
  }

  /** Active subscriptions (for the debug endpoint and tests). */
  synchronized int subscriptionCount() {
    return subscriptions.size();
  }

  String user() {
    Identity current = identity;
    return current == null ? null : current.user();
  }
}
