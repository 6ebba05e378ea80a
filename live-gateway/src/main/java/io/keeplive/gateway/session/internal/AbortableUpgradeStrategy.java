package io.keeplive.gateway.session.internal;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.concurrent.atomic.AtomicReference;
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
import reactor.netty.Connection;
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
                        (inbound, outbound) -> {
                          AtomicReference<Connection> connection = new AtomicReference<>();
                          inbound.withConnection(connection::set);
                          refuseOversizedFramesOurselves(
                              connection.get(), spec.maxFramePayloadLength());
                          return handler.handle(
                              new AbortableNettySession(
                                  inbound,
                                  outbound,
                                  info,
                                  buffers,
                                  spec.maxFramePayloadLength(),
                                  connection.get()));
                        },
                        spec)));
  }

  /**
   * Netty's frame decoder enforces the frame limit before buffering a frame (so no client can make
   * the gateway hold more than the limit per frame, authenticated or not), but on a violation it
   * answers close 1009 and drops the connection itself, while SPEC §4 promises 4413. The handshake
   * installs it with no way to configure that, so it is replaced by one with the same limit that
   * only reports the violation: the session sees it as the error of its inbound stream ({@link
   * #isFrameTooLarge}) and closes with 4413. Still on the event loop, before any frame was read.
   */
  private static void refuseOversizedFramesOurselves(Connection connection, int maxFrameBytes) {
    ChannelPipeline pipeline = connection.channel().pipeline();
    if (pipeline.get(DECODER) instanceof WebSocket13FrameDecoder) {
      pipeline.replace(
          DECODER,
          DECODER,
          new WebSocket13FrameDecoder(
              WebSocketDecoderConfig.newBuilder()
                  .expectMaskedFrames(true)
                  .allowMaskMismatch(false)
                  .allowExtensions(false)
                  .maxFramePayloadLength(maxFrameBytes)
                  .closeOnProtocolViolation(false)
                  .build()));
    }
  }

  private static final String DECODER = "wsdecoder";

  /**
   * Whether the inbound stream failed because the client sent a frame (or a fragmented message)
   * over the limit.
   */
  public static boolean isFrameTooLarge(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof CorruptedWebSocketFrameException corrupted
          && corrupted.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
        return true;
      }
      if (e instanceof TooLongFrameException) {
        return true;
      }
    }
    return false;
  }
}
