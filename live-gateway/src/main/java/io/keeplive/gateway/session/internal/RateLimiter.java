package io.keeplive.gateway.session.internal;

/**
 * Client-message rate limit of one session: a token bucket of {@code perSecond} tokens refilled at
 * {@code perSecond} per second, so short bursts up to the rate pass. A message without a token is
 * refused; when more than {@code refusalsBeforeClose} messages are refused within one {@code
 * windowNanos} the session is to be closed (4429). Not thread-safe: one session's frames arrive in
 * order on one thread.
 */
public final class RateLimiter {

  /** What to do with one message. */
  public enum Verdict {
    ALLOW,
    REFUSE,
    CLOSE
  }

  private final double perSecond;
  private final int refusalsBeforeClose;
  private final long windowNanos;
  private double tokens;
  private long lastRefill;
  private long windowStart;
  private int refusedInWindow;

  public RateLimiter(int perSecond, int refusalsBeforeClose, long windowNanos, long nowNanos) {
    this.perSecond = Math.max(1, perSecond);
    this.refusalsBeforeClose = refusalsBeforeClose;
    this.windowNanos = windowNanos;
    this.tokens = this.perSecond;
    this.lastRefill = nowNanos;
    this.windowStart = nowNanos;
  }

  public Verdict onMessage(long nowNanos) {
    tokens = Math.min(perSecond, tokens + (nowNanos - lastRefill) * perSecond / 1_000_000_000d);
    lastRefill = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ALLOW;
    }
    if (nowNanos - windowStart > windowNanos) {
      windowStart = nowNanos;
      refusedInWindow = 0;
    }
    refusedInWindow++;
    return refusedInWindow > refusalsBeforeClose ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
