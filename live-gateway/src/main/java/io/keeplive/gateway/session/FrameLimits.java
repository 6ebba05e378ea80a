package io.keeplive.gateway.session;

import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.ServerMessages;
import io.keeplive.gateway.session.internal.RateLimiter;

/**
 * The per-frame limits of one session: frame size and message rate (SPEC §4 limits). A frame over
 * either is answered (or the session closed) here and goes no further.
 */
final class FrameLimits {

  private final Outbound out;
  private final int maxFrameBytes;
  private final RateLimiter rateLimiter;

  FrameLimits(SessionContext context, Outbound out) {
    var limits = context.properties().limits();
    this.out = out;
    this.maxFrameBytes = limits.maxFrameBytes();
    this.rateLimiter =
        new RateLimiter(
            limits.messagesPerSecond(),
            limits.rateLimitedBeforeClose(),
            limits.rateLimitWindow().toNanos(),
            System.nanoTime());
  }

  /** Whether a frame of {@code size} bytes may be processed; answers it when not. */
  boolean admit(int size) {
    // The codec refuses larger frames before buffering them; this covers other transports.
    if (size > maxFrameBytes) {
      out.closeNow(CloseCode.FRAME_TOO_LARGE);
      return false;
    }
    switch (rateLimiter.onMessage(System.nanoTime())) {
      case ALLOW -> {
        return true;
      }
      case REFUSE -> {
        out.control(ServerMessages.error(null, 0, ErrorCode.RATE_LIMITED, "too many messages"));
        return false;
      }
      default -> {
        out.control(ServerMessages.error(null, 0, ErrorCode.RATE_LIMITED, "too many messages"));
        out.closeAfterPending(CloseCode.RATE_LIMITED);
        return false;
      }
    }
  }
}
