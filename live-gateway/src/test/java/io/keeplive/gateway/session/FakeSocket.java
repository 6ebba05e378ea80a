package io.keeplive.gateway.session;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.LiveApi;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
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
import reactor.core.scheduler.Scheduler;

/**
 * A connection whose client sends nothing until told to end; it takes every frame written to it,
 * or, when not {@code reading}, none.
 */
final class FakeSocket implements WebSocketSession {

  final Sinks.Many<WebSocketMessage> incoming = Sinks.many().unicast().onBackpressureBuffer();
  final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
  final List<WebSocketMessage> sent = new CopyOnWriteArrayList<>();
  volatile boolean reading = true;
  private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
  private final Map<String, Object> attributes = new HashMap<>();

  /**
   * A running session on this socket, authenticated as {@code alice} of tenant {@code acme} with
   * {@code role} (every token verifies), on virtual {@code time}.
   */
  LiveSession authenticatedSession(
      String role,
      LiveApi api,
      CohortRegistry registry,
      GatewayProperties properties,
      GatewayListener listener,
      Scheduler time) {
    LiveSession session =
        new LiveSession(
            this,
            () -> {},
            SessionContext.of(
                token ->
                    new TokenVerification.Verified(
                        new Identity(
                            "alice",
                            "acme",
                            List.of(role),
                            Instant.now().plusSeconds(3600),
                            token)),
                api,
                registry,
                properties,
                listener,
                time));
    session.run().subscribe();
    incoming.tryEmitNext(text("{\"type\":\"auth\",\"token\":\"t\"}"));
    return session;
  }

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

  /** A text frame from the client. */
  static WebSocketMessage text(String frame) {
    return new WebSocketMessage(
        WebSocketMessage.Type.TEXT,
        DefaultDataBufferFactory.sharedInstance.wrap(frame.getBytes(StandardCharsets.UTF_8)));
  }

  /** The text frames written to the client. */
  List<String> texts() {
    return sent.stream()
        .filter(m -> m.getType() == WebSocketMessage.Type.TEXT)
        .map(m -> m.getPayloadAsText())
        .toList();
  }
}
