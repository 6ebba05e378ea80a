package io.keeplive.gateway.session.internal;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Upgrades {@code /live} requests on Reactor Netty, as Spring's own strategy does, but hands the
 * handler an {@link AbortableNettySession}, so that a session can drop a connection whose client
 * never completes the close handshake.
 */
public final class AbortableUpgradeStrategy implements RequestUpgradeStrategy {

  private final Supplier<WebsocketServerSpec.Builder> specs;

  /**
   * @param specs a fresh builder per upgrade (frame limit etc.); the negotiated subprotocol is
   *     added to it
   */
  public AbortableUpgradeStrategy(Supplier<WebsocketServerSpec.Builder> specs) {
    this.specs = specs;
  }

  @Override
  public Mono<Void> upgrade(
      ServerWebExchange exchange,
      WebSocketHandler handler,
      @Nullable String subProtocol,
      Supplier<HandshakeInfo> handshakeInfoFactory) {
    ServerHttpResponse response = exchange.getResponse();
    HttpServerResponse nettyResponse = ServerHttpResponseDecorator.getNativeResponse(response);
    HandshakeInfo info = handshakeInfoFactory.get();
    NettyDataBufferFactory buffers = (NettyDataBufferFactory) response.bufferFactory();
    WebsocketServerSpec.Builder builder = specs.get();
    if (subProtocol != null) {
      builder.protocols(subProtocol);
    }
    WebsocketServerSpec spec = builder.build();
    // Committing first applies the headers set so far (by filters, say) to the Netty response,
    // whose headers go into the 101 answer.
    return response
        .setComplete()
        .then(
            Mono.defer(
                () ->
                    nettyResponse.sendWebsocket(
                        (inbound, outbound) ->
                            handler.handle(
                                new AbortableNettySession(
                                    inbound,
                                    outbound,
                                    info,
                                    buffers,
                                    spec.maxFramePayloadLength())),
                        spec)));
  }
}
