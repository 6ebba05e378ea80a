package io.keeplive.gateway.session;

import io.keeplive.gateway.protocol.ClientMessage;
import io.keeplive.gateway.protocol.ClientMessages;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.ServerMessages;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.RowChanges;
import io.keeplive.gateway.refetch.Rows;
import io.keeplive.gateway.session.internal.AbortableUpgradeStrategy;
import io.keeplive.gateway.session.internal.SendQueue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * One WebSocket connection speaking {@code keeplive.v1}: dispatches the client's frames and keeps
 * the session's subscriptions. Who the session is lives in {@link SessionAuth}; what it writes, and
 * how it closes, in {@link Outbound}.
 *
 * <p>Concurrency: frames arrive in order on the connection's event loop; results arrive from
 * refetch threads; timers fire on the context's scheduler. All session state (here, in {@link
 * SessionAuth} and in {@link Outbound}) is guarded by this object's monitor, held only for short,
 * non-blocking steps. Calls into the cohort registry are made outside the monitor.
 *
 * <p>Lifecycle: awaiting auth → authenticated → closed (every subscription leaves its cohort) →
 * ended (the connection is gone).
 */
public final class LiveSession {

  private static final Logger trace = LoggerFactory.getLogger("io.keeplive.gateway.trace");

  private final WebSocketSession socket;
  private final SessionContext context;
  private final Outbound out;
  private final SessionAuth auth;
  private final FrameLimits frameLimits;
  private final SessionSyncs syncs;
  // Guarded by this.
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private int topicCount;

  /**
   * @param abort drops the connection without a close handshake (TCP close); never blocks
   */
  LiveSession(WebSocketSession socket, Runnable abort, SessionContext context) {
    this.socket = socket;
    this.context = context;
    this.out = new Outbound(this, socket, abort, context, this::cleanup, this::user);
    this.auth = new SessionAuth(this, context, out, () -> new ArrayList<>(subscriptions.values()));
    this.frameLimits = new FrameLimits(context, out);
    this.syncs =
        new SessionSyncs(
            this,
            context,
            out,
            () -> subscriptions.values().stream().allMatch(Subscription::isFetchedLocked));
  }

  SessionContext context() {
    return context;
  }

  /** Runs the session until the connection closes. */
  Mono<Void> run() {
    Mono<Void> output = out.send();
    Mono<Void> input =
        socket
            .receive()
            .doOnNext(this::onFrame)
            .onErrorResume(
                e -> {
                  if (AbortableUpgradeStrategy.isFrameTooLarge(e)) {
                    out.closeNow(CloseCode.FRAME_TOO_LARGE);
                  }
                  return Mono.empty();
                })
            .then(Mono.fromRunnable(out::clientGone));
    auth.start();
    return Mono.when(input, output)
        .doFinally(
            signal -> {
              out.connectionEnded();
              cleanup();
            });
  }

  // ---------------------------------------------------------------- incoming frames

  private void onFrame(WebSocketMessage message) {
    out.inbound();
    if (message.getType() == WebSocketMessage.Type.PING
        || message.getType() == WebSocketMessage.Type.PONG) {
      return;
    }
    if (!frameLimits.admit(message.getPayload().readableByteCount())) {
      return;
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
    if (!auth.authenticated()) {
      auth.unauthenticated(ErrorCode.UNAUTHORIZED, "authenticate first: " + refused.message());
      return;
    }
    if (refused.ref() != null) {
      out.control(ServerMessages.syncError(refused.ref(), refused.code(), refused.message()));
    } else if (refused.id() == null) {
      out.control(ServerMessages.error(null, 0, refused.code(), refused.message()));
      return;
    }
    SendQueue.Outcome outcome;
    synchronized (this) {
      Subscription active = subscriptions.get(refused.id());
      if (active != null) {
        outcome = out.queue().notice(active.stream(), refused.code(), refused.message());
      } else {
        outcome =
            out.queue()
                .control(ServerMessages.error(refused.id(), 1, refused.code(), refused.message()));
      }
    }
    out.settle(outcome);
  }

  private void handle(ClientMessage message) {
    if (message instanceof ClientMessage.Auth a) {
      auth.authenticate(a.token());
      return;
    }
    if (!auth.authenticated()) {
      auth.unauthenticated(ErrorCode.UNAUTHORIZED, "the first message must be auth");
      return;
    }
    if (message instanceof ClientMessage.Subscribe subscribe) {
      subscribe(subscribe);
    } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
      unsubscribe(unsubscribe.id());
    } else if (message instanceof ClientMessage.Ping) {
      out.control(ServerMessages.pong());
    } else if (message instanceof ClientMessage.Sync sync) {
      syncs.request(auth.tenant(), sync.ref(), sync.position());
    }
  }

  private String user() {
    return auth.user();
  }

  /** Who the session is (the token refetches and plans are made with). */
  SessionAuth auth() {
    return auth;
  }

  // ---------------------------------------------------------------- subscriptions

  private void subscribe(ClientMessage.Subscribe request) {
    Subscription subscription;
    SendQueue.Outcome outcome = SendQueue.Outcome.OK;
    synchronized (this) {
      if (out.closedLocked()) {
        return;
      }
      Subscription existing = subscriptions.get(request.id());
      int max = context.properties().limits().maxSubscriptions();
      if (existing != null) {
        outcome =
            out.queue()
                .notice(
                    existing.stream(), ErrorCode.BAD_REQUEST, "subscription id is already in use");
        subscription = null;
      } else if (subscriptions.size() >= max) {
        outcome =
            out.queue()
                .control(
                    ServerMessages.error(
                        request.id(),
                        1,
                        ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                        "at most " + max + " subscriptions per session"));
        subscription = null;
      } else {
        subscription =
            new Subscription(this, request.id(), request.mode(), request.query(), request.etag());
        subscriptions.put(request.id(), subscription);
      }
    }
    out.settle(outcome);
    if (subscription != null) {
      context.listener().subscriptionStarted(subscription.mode());
      subscription.plan();
    }
  }

  private void unsubscribe(String id) {
    CohortRegistry.Membership leaving;
    Subscription subscription;
    SendQueue.Outcome outcome;
    synchronized (this) {
      subscription = subscriptions.remove(id);
      if (subscription == null) {
        outcome =
            out.queue()
                .control(
                    ServerMessages.error(
                        id, 1, ErrorCode.BAD_REQUEST, "no active subscription with this id"));
        leaving = null;
      } else {
        leaving = subscription.endLocked();
        outcome = out.queue().complete(subscription.stream());
      }
    }
    out.settle(outcome);
    if (subscription != null) {
      context.listener().subscriptionEnded(subscription.mode());
      syncs.confirm();
    }
    if (leaving != null) {
      leaving.leave();
    }
  }

  /** Ends a subscription with an error (plan refused, or refetch refused for good). */
  void endSubscription(Subscription subscription, ErrorCode code, String detail) {
    CohortRegistry.Membership leaving;
    SendQueue.Outcome outcome;
    synchronized (this) {
      if (subscriptions.get(subscription.id()) != subscription) {
        return;
      }
      subscriptions.remove(subscription.id());
      leaving = subscription.endLocked();
      outcome = out.queue().fail(subscription.stream(), code, detail);
    }
    out.settle(outcome);
    context.listener().subscriptionEnded(subscription.mode());
    syncs.confirm();
    if (leaving != null) {
      leaving.leave();
    }
  }

  /** A fresh result, reflecting the tenant's writes up to {@code at}, for a subscription. */
  void publish(Subscription subscription, Rows rows, RowChanges changes, Instant cause, long at) {
    SendQueue.Outcome outcome;
    boolean first;
    synchronized (this) {
      if (subscriptions.get(subscription.id()) != subscription) {
        return;
      }
      first = subscription.fetchedLocked();
      outcome = out.queue().publish(subscription.stream(), rows, changes, cause, at);
    }
    if (context.properties().debugTrace()) {
      trace.info(
          "push user={} subscription={} rows={} unsent={} outcome={}",
          auth.user(),
          subscription,
          rows.size(),
          out.unsent().now(),
          outcome);
    }
    out.settle(outcome);
    if (first) {
      syncs.confirm();
    }
  }

  /** Closes at once, releasing the subscriptions (see {@link Outbound#closeNow}). */
  void closeNow(CloseCode code) {
    out.closeNow(code);
  }

  /** Releases every subscription: the session is closed (or its connection gone). */
  private void cleanup() {
    List<CohortRegistry.Membership> leaving = new ArrayList<>();
    List<Subscription> ended;
    synchronized (this) {
      out.markClosedLocked();
      syncs.closeLocked();
      auth.stopTimersLocked();
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

  /**
   * Takes {@code topics} of the session's topic budget for a subscription about to join its cohort;
   * {@code false} when the session's subscriptions would listen on more than {@code max-topics}
   * together. Each topic is an entry in the gateway's index, so this bounds what one session can
   * make it hold.
   */
  synchronized boolean reserveTopics(Subscription subscription, int topics) {
    if (subscriptions.get(subscription.id()) != subscription
        || topicCount + topics > context.properties().limits().maxTopics()) {
      return false;
    }
    topicCount += topics;
    subscription.reservedLocked(topics);
    return true;
  }

  /** Gives back topics of the session's budget; under the lock. */
  void releaseTopicsLocked(int topics) {
    topicCount -= topics;
  }

  /** Active subscriptions (for the debug endpoint and tests). */
  synchronized int subscriptionCount() {
    return subscriptions.size();
  }

  /** The session's unsent output in bytes (for the debug endpoint and tests). */
  Unsent unsent() {
    return out.unsent();
  }
}
