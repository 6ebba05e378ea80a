package io.keeplive.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client at the byte level, for what well-behaved clients cannot do: announce a frame
 * and send only part of it. Client frames are masked with a zero mask (allowed, and keeps the
 * payload readable).
 */
final class RawWebSocket implements AutoCloseable {

  /** One server frame. */
  record Frame(int opcode, byte[] payload) {
    /** The status code of a close frame. */
    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  RawWebSocket(String httpUrl, Duration readTimeout) throws IOException {
    URI uri = URI.create(httpUrl);
    socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout((int) readTimeout.toMillis());
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    out.write(
        ("GET /live HTTP/1.1\r\nHost: "
                + uri.getHost()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String response = readHead(in);
    if (!response.startsWith("HTTP/1.1 101")) {
      throw new IOException("no upgrade: " + response);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the handshake");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Sends the header of a final text frame of {@code length} bytes, without its payload. */
  void sendTextHeader(long length) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(0x81);
    if (length < 126) {
      header.write(0x80 | (int) length);
    } else if (length < 65536) {
      header.write(0x80 | 126);
      header.write((int) (length >> 8));
      header.write((int) length);
    } else {
      header.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        header.write((int) (length >> shift));
      }
    }
    header.write(new byte[4]);
    out.write(header.toByteArray());
    out.flush();
  }

  /** Sends raw payload bytes (with the zero mask they go unchanged). */
  void sendPayload(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    sendTextHeader(payload.length);
    sendPayload(payload);
  }

  /** The next frame from the server; throws on timeout or end of stream. */
  Frame read() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
