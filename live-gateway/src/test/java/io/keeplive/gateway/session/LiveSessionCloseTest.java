package io.keeplive.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.CloseCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * What happens to the connection after the gateway closes a session, on virtual time: a client that
 * does not complete the close within the close grace has its connection dropped; one that does is
 * left alone.
 */
class LiveSessionCloseTest {

  private static final Duration GRACE = GatewayProperties.defaults().limits().closeGrace();

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final FakeSocket socket = new FakeSocket();
  private final AtomicInteger aborts = new AtomicInteger();
  private final AtomicInteger abortsCounted = new AtomicInteger();
  private final LiveSession session = session(GatewayProperties.defaults());

  private LiveSession session(GatewayProperties properties) {
    return new LiveSession(
        socket,
        aborts::incrementAndGet,
        SessionContext.of(
            null,
            null,
            null,
            properties,
            new GatewayListener() {
              @Override
              public void aborted() {
                abortsCounted.incrementAndGet();
              }
            },
            time));
  }

  private static GatewayProperties properties(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("keeplive.gateway", GatewayProperties.class);
  }

  private static WebSocketMessage text(String frame) {
    return new WebSocketMessage(
        WebSocketMessage.Type.TEXT,
        DefaultDataBufferFactory.sharedInstance.wrap(frame.getBytes(StandardCharsets.UTF_8)));
  }

  @AfterEach
  void stopTime() {
    time.dispose();
  }

  @Test
  void aClientThatDoesNotCompleteTheCloseWithinTheGraceHasItsConnectionDropped() {
    session.run().subscribe();

    session.closeNow(CloseCode.SLOW_CONSUMER);
    assertThat(socket.closes).extracting(CloseStatus::getCode).containsExactly(4408);

    time.advanceTimeBy(GRACE.minusMillis(1));
    assertThat(aborts).as("still within the grace").hasValue(0);

    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(aborts).hasValue(1);
    assertThat(abortsCounted).hasValue(1);
  }

  @Test
  void aClientThatCompletesTheCloseWithinTheGraceIsNotDropped() {
    session.run().subscribe();

    session.closeNow(CloseCode.FRAME_TOO_LARGE);
    time.advanceTimeBy(GRACE.minusMillis(1));
    // The client answered the close frame: its inbound side, and so the connection, ended.
    socket.incoming.tryEmitComplete();
    time.advanceTimeBy(GRACE);

    assertThat(socket.closes).extracting(CloseStatus::getCode).containsExactly(4413);
    assertThat(aborts).hasValue(0);
    assertThat(abortsCounted).hasValue(0);
  }

  @Test
  void aConnectionTheClientClosesIsNeverDropped() {
    session.run().subscribe();

    socket.incoming.tryEmitComplete();
    time.advanceTimeBy(GRACE.multipliedBy(2));

    assertThat(socket.closes).isEmpty();
    assertThat(aborts).hasValue(0);
  }

  @Test
  void aCloseQueuedBehindOutputTheClientDoesNotReadIsForcedOnceTheGraceHasPassed() {
    socket.reading = false;
    session.run().subscribe();

    // Not authenticated: an error, then close 4401 once it is written; it never is.
    socket.incoming.tryEmitNext(text("{\"type\":\"ping\"}"));
    time.advanceTimeBy(GRACE.minusMillis(1));
    assertThat(socket.closes).as("the close waits behind the unread error").isEmpty();

    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(socket.closes).extracting(CloseStatus::getCode).containsExactly(4401);
    time.advanceTimeBy(GRACE);
    assertThat(aborts).as("and dropped when the client does not answer it").hasValue(1);
  }

  @Test
  void anIdleConnectionIsPingedAndOneThatAnswersNothingIsClosedWith4408() {
    LiveSession pinged =
        session(
            properties(
                Map.of(
                    "keeplive.gateway.limits.ping-interval", "1s",
                    "keeplive.gateway.limits.auth-timeout", "1h")));
    pinged.run().subscribe();

    time.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(socket.sent)
        .extracting(WebSocketMessage::getType)
        .contains(WebSocketMessage.Type.PING);
    assertThat(socket.closes).isEmpty();

    time.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(socket.closes).extracting(CloseStatus::getCode).containsExactly(4408);
  }

  @Test
  void aConnectionThatAnswersThePingIsKept() {
    LiveSession pinged =
        session(
            properties(
                Map.of(
                    "keeplive.gateway.limits.ping-interval", "1s",
                    "keeplive.gateway.limits.auth-timeout", "1h")));
    pinged.run().subscribe();

    for (int i = 0; i < 5; i++) {
      time.advanceTimeBy(Duration.ofSeconds(1));
      socket.incoming.tryEmitNext(
          new WebSocketMessage(
              WebSocketMessage.Type.PONG,
              DefaultDataBufferFactory.sharedInstance.wrap(new byte[0])));
    }
    assertThat(socket.closes).isEmpty();
  }
}
