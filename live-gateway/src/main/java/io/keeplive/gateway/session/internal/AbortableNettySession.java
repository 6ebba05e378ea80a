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
 * written, so it never reaches a client that stopped reading. Also gives the session its {@link
 * Transport}, for bounding its output in bytes.
 */
public final class AbortableNettySession extends ReactorNettyWebSocketSession {

  private final Connection connection;
  private final Transport transport;

  AbortableNettySession(
      WebsocketInbound inbound,
      WebsocketOutbound outbound,
      HandshakeInfo info,
      NettyDataBufferFactory buffers,
      int maxFramePayloadLength,
      Connection connection) {
    super(inbound, outbound, info, buffers, maxFramePayloadLength);
    this.connection = connection;
    this.transport = Transport.of(connection);
  }

  /**
   * Closes the TCP connection now, without a close handshake; what Netty still holds to write is
   * discarded. Never blocks (the close runs on the channel's event loop), callable from any thread,
   * and harmless on a connection that has already ended.
   */
  public void abort() {
    connection.dispose();
  }

  public Transport transport() {
    return transport;
  }
}
