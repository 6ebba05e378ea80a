package io.keeplive.gateway.protocol;

/** WebSocket close codes of SPEC §4. */
public enum CloseCode {
  /** The gateway is shutting down; reconnect (to another instance). */
  GOING_AWAY(1001, "gateway shutting down"),
  /** Not authenticated: no or bad {@code auth}, auth timeout, or the token expired. */
  UNAUTHENTICATED(4401, "unauthenticated"),
  /** Re-authentication as a different user or tenant. */
  IDENTITY_CHANGED(4403, "re-authentication as another identity"),
  /** The client reads too slowly even for a resync. */
  SLOW_CONSUMER(4408, "slow consumer"),
  /** A frame exceeded the size limit. */
  FRAME_TOO_LARGE(4413, "frame too large"),
  /** The client kept sending above its rate limit. */
  RATE_LIMITED(4429, "rate limited");

  private final int code;
  private final String reason;

  CloseCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
