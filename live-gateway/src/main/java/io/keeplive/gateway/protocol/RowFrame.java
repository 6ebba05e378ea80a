package io.keeplive.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A stream-mode row message ({@code insert}, {@code update}, {@code delete}) as UTF-8 bytes, in the
 * parts it is assembled from: what every subscriber of a cohort shares (the type, and the row with
 * its {@code at}, encoded once per cohort result: {@link #tail}) and what is the subscription's own
 * (its quoted {@code id} and {@code seq}). The bytes are exactly those of {@link
 * ServerMessages#row}'s text in UTF-8; the per-session work is copying them into the frame's
 * buffer.
 */
public final class RowFrame {

  private static final byte[] INSERT = head("insert");
  private static final byte[] UPDATE = head("update");
  private static final byte[] DELETE = head("delete");
  private static final byte[] SEQ = ascii(",\"seq\":");

  private final byte[] head;
  private final byte[] id;
  private final byte[] seq;
  private final byte[] tail;

  /**
   * @param type insert, update or delete
   * @param id the subscription id as {@link #id(String)} encodes it
   * @param tail the row and its position as {@link #tail(String, long)} encodes them
   */
  public RowFrame(String type, byte[] id, long seq, byte[] tail) {
    this.head = headOf(type);
    this.id = id;
    this.seq = ascii(Long.toString(seq));
    this.tail = tail;
  }

  /** A subscription id as the frame carries it: a JSON string, UTF-8. */
  public static byte[] id(String id) {
    return ServerMessages.quote(id).getBytes(StandardCharsets.UTF_8);
  }

  /** The shared end of the frame: {@code ,"row":<rowJson>,"at":"<at>"}}. */
  public static byte[] tail(String rowJson, long at) {
    return (",\"row\":" + rowJson + ",\"at\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes of the whole frame. */
  public int length() {
    return head.length + id.length + SEQ.length + seq.length + tail.length;
  }

  /** Hands the frame's parts, in order, to {@code out} (e.g. a buffer's write). */
  public void writeTo(Consumer<byte[]> out) {
    out.accept(head);
    out.accept(id);
    out.accept(SEQ);
    out.accept(seq);
    out.accept(tail);
  }

  /** The frame as one array (tests, and transports without buffers). */
  public byte[] bytes() {
    byte[] all = new byte[length()];
    int[] at = {0};
    writeTo(
        part -> {
          System.arraycopy(part, 0, all, at[0], part.length);
          at[0] += part.length;
        });
    return all;
  }

  /** The frame's text. */
  public String text() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  private static byte[] headOf(String type) {
    return switch (type) {
      case "insert" -> INSERT;
      case "update" -> UPDATE;
      case "delete" -> DELETE;
      default -> throw new IllegalArgumentException("not a row message type: " + type);
    };
  }

  private static byte[] head(String type) {
    return ascii("{\"type\":\"" + type + "\",\"id\":");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return text();
  }
}
