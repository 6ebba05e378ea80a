package io.keeplive.gateway.session;

import io.keeplive.gateway.protocol.CloseCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
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

  private final SessionContext context;
  private final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean running;

  public LiveSessions(SessionContext context) {
    this.context = context;
  }

  @Override
  public Mono<Void> handle(WebSocketSession socket) {
    if (!running) {
      return socket.close(
          new org.springframework.web.reactive.socket.CloseStatus(
              CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason()));
    }
    LiveSession session = new LiveSession(socket, context);
    return Mono.defer(
        () -> {
          sessions.add(session);
          context.listener().sessionOpened();
          return session
              .run()
              .doFinally(
                  signal -> {
                    if (sessions.remove(session)) {
                      context.listener().sessionClosed();
                    }
                  });
        });
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
