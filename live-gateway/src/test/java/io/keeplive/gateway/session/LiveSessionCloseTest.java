package io.keeplive.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.CloseCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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

  /**
   * A connection whose client sends nothing until told to end; it takes every frame written to it,
   * or, when not {@code reading}, none.
   */
  private static final class FakeSocket implements WebSocketSession {

    final Sinks.Many<WebSocketMessage> incoming = Sinks.many().unicast().onBackpressureBuffer();
    final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
    final List<WebSocketMessage> sent = new CopyOnWriteArrayList<>();
    volatile boolean reading = true;
    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
    private final Map<String, Object> attributes = new HashMap<>();

    @Override
    public String getId() {
      return "fake";
    }

    @Override
    public HandshakeInfo getHandshakeInfo() {
      return new HandshakeInfo(
          URI.create("ws://localhost/live"), new HttpHeaders(), Mono.empty(), "keeplive.v1");
    }

    @Override
    public DataBufferFactory bufferFactory() {
      return buffers;
    }

    @Override
    public Map<String, Object> getAttributes() {
      return attributes;
    }

    @Override
    public Flux<WebSocketMessage> receive() {
      return incoming.asFlux();
    }

    @Override
    public Mono<Void> send(Publisher<WebSocketMessage> messages) {
      return Mono.create(
          done ->
              messages.subscribe(
                  new BaseSubscriber<WebSocketMessage>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                      if (reading) {
                        subscription.request(Long.MAX_VALUE);
                      }
                    }

                    @Override
                    protected void hookOnNext(WebSocketMessage message) {
                      sent.add(message);
                    }

                    @Override
                    protected void hookOnComplete() {
                      done.success();
                    }
                  }));
    }

    @Override
    public boolean isOpen() {
      return closes.isEmpty();
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
      return Mono.fromRunnable(() -> closes.add(status));
    }

    @Override
    public Mono<CloseStatus> closeStatus() {
      return Mono.empty();
    }

    @Override
    public WebSocketMessage textMessage(String payload) {
      return new WebSocketMessage(
          WebSocketMessage.Type.TEXT, buffers.wrap(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payload) {
      return new WebSocketMessage(WebSocketMessage.Type.BINARY, payload.apply(buffers));
    }

    @Override
    public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payload) {
      return new WebSocketMessage(WebSocketMessage.Type.PING, payload.apply(buffers));
    }

    @Override
    public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payload) {
      return new WebSocketMessage(WebSocketMessage.Type.PONG, payload.apply(buffers));
    }
  }
}
