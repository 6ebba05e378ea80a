package io.keeplive.gateway.session;

import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.session.internal.AbortableNettySession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * The {@code /live} WebSocket handler and the set of open sessions.
 *
 * <p>As a {@link SmartLifecycle} in the latest phase it stops first on shutdown, before the web
 * server's graceful shutdown: every session is closed with 1001 so clients reconnect to another
 * instance instead of waiting for a connection that will never answer again.
 */
public final class LiveSessions implements WebSocketHandler, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

  private final SessionContext context;
  private final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean running;
  // The most any ended session ever held: a session closed for being slow still shows in it.
  private final AtomicLong closedHighWater = new AtomicLong();

  public LiveSessions(SessionContext context) {
    this.context = context;
  }

  @Override
  public Mono<Void> handle(WebSocketSession socket) {
    if (!running) {
      return socket.close(
          new CloseStatus(CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason()));
    }
    LiveSession session = new LiveSession(socket, abortOf(socket), context);
    return Mono.defer(
        () -> {
          sessions.add(session);
          context.listener().sessionOpened();
          return session
              .run()
              .doFinally(
                  signal -> {
                    closedHighWater.accumulateAndGet(session.unsent().highWater(), Math::max);
                    if (sessions.remove(session)) {
                      context.listener().sessionClosed();
                    }
                  });
        });
  }

  /** How to drop the connection without a close handshake (SessionConfiguration makes it so). */
  private static Runnable abortOf(WebSocketSession socket) {
    if (socket instanceof AbortableNettySession netty) {
      return netty::abort;
    }
    return () ->
        log.warn(
            "cannot drop a {} without a close handshake; it stays until the client ends it",
            socket.getClass().getName());
  }

  @Override
  public List<String> getSubProtocols() {
    return List.of("keeplive.v1");
  }

  public int sessionCount() {
    return sessions.size();
  }

  public int subscriptionCount() {
    return sessions.stream().mapToInt(LiveSession::subscriptionCount).sum();
  }

  /**
   * The byte accounting of the open sessions (SPEC §4: at most {@code max-unsent-bytes} of unsent
   * output per session): the most any session holds now, the most any session ever held, and the
   * bound. No session is named.
   */
  public Map<String, Long> unsentBytes() {
    long now = 0;
    long total = 0;
    long highWater = 0;
    for (LiveSession session : sessions) {
      Unsent unsent = session.unsent();
      now = Math.max(now, unsent.now());
      total += unsent.now();
      highWater = Math.max(highWater, unsent.highWater());
    }
    highWater = Math.max(highWater, closedHighWater.get());
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("max", now);
    out.put("total", total);
    out.put("high_water", highWater);
    out.put("bound", (long) context.properties().limits().maxUnsentBytes());
    return out;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    for (LiveSession session : sessions) {
      session.closeNow(CloseCode.GOING_AWAY);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
