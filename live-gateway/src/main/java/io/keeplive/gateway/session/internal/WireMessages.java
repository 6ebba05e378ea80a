package io.keeplive.gateway.session.internal;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/** Turns what the queue hands out into the connection's WebSocket messages. */
public final class WireMessages {

  private WireMessages() {}

  /** The message for a text frame, a pre-encoded row frame or a ping; never for a close. */
  public static WebSocketMessage of(WebSocketSession socket, Polled polled) {
    if (polled instanceof Polled.Encoded encoded) {
      // The row's bytes were encoded once for the whole cohort: copy them into the connection's
      // own (pooled) buffer instead of building and encoding a String per session.
      DataBuffer buffer = socket.bufferFactory().allocateBuffer(encoded.frame().length());
      encoded.frame().writeTo(buffer::write);
      return new WebSocketMessage(WebSocketMessage.Type.TEXT, buffer);
    }
    if (polled instanceof Polled.Text text) {
      return socket.textMessage(text.frame());
    }
    if (polled instanceof Polled.Ping) {
      return socket.pingMessage(buffers -> buffers.wrap(new byte[] {'k'}));
    }
    throw new IllegalArgumentException("not a message: " + polled);
  }
}
