package io.keeplive.stack.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A hostile WebSocket client at the byte level: it sends frames like any client, but reads what the
 * gateway sends one byte per {@code pace} through a tiny receive buffer, so the gateway's writes
 * back up as with a client on a dying link. Client frames are masked with a zero mask.
 */
final class TrickleReader implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final Thread reader;
  private volatile long bytesRead;

  TrickleReader(String gatewayHttpUrl, Duration pace) throws IOException {
    URI uri = URI.create(gatewayHttpUrl);
    socket = new Socket();
    socket.setReceiveBufferSize(1024);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
    out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write(
        ("GET /live HTTP/1.1\r\nHost: "
                + uri.getHost()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(new byte[16])
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake");
      }
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    reader =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  bytesRead++;
                  Thread.sleep(pace.toMillis());
                }
              } catch (IOException | InterruptedException e) {
                // Closed: by the gateway, or by close().
              }
            },
            "trickle-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends one text frame; {@code false} once the gateway has closed the connection. */
  boolean send(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    }
    frame.writeBytes(new byte[4]);
    frame.writeBytes(payload);
    try {
      out.write(frame.toByteArray());
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    reader.interrupt();
    socket.close();
  }
}
