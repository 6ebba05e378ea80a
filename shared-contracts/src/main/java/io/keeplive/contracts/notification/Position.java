package io.keeplive.contracts.notification;

/**
 * The wire form of a per-tenant position (SPEC §4.1): a positive decimal string, as in the {@code
 * Keeplive-Position} header, the envelope's {@code data.position}, {@code at}, and {@code sync}.
 * Strings, not JSON numbers, because positions may exceed what a JavaScript number holds exactly.
 */
public final class Position {

  /** Longest decimal of a positive long. */
  private static final int MAX_DIGITS = 19;

  private Position() {}

  /**
   * Parses a position; -1 when {@code text} is not a decimal string of a non-negative long ({@code
   * 0} is accepted: it is the position before every write, which a client may sync on).
   */
  public static long parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_DIGITS) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static String format(long position) {
    return Long.toString(position);
  }
}
