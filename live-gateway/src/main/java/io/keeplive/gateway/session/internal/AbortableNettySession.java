package io.keeplive.gateway.session.internal;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Spring's Reactor Netty WebSocket session plus {@link #abort()}: the {@code WebSocketSession}
 * interface can only close with a handshake, whose close frame waits behind everything already
 * written, so it never reaches a client that stopped reading.
 */
public final class AbortableNettySession extends ReactorNettyWebSocketSession {

  AbortableNettySession(
      WebsocketInbound inbound,
      WebsocketOutbound outbound,
      HandshakeInfo info,
      NettyDataBufferFactory buffers,
      int maxFramePayloadLength) {
    super(inbound, outbound, info, buffers, maxFramePayloadLength);
  }

  /**
   * Closes the TCP connection now, without a close handshake; what Netty still holds to write is
   * discarded. Never blocks (the close runs on the channel's event loop), callable from any thread,
   * and harmless on a connection that has already ended.
   */
  public void abort() {
    getDelegate().getInbound().withConnection(Connection::dispose);
  }
}
