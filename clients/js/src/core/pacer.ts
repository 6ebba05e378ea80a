/**
 * Paces the client's own frames below the gateway's per-session rate limit (a token bucket of 50
 * messages per second by default): a resubscription of many live queries after a reconnect must
 * not be refused with `rate_limited` (or closed with 4429). A token bucket too, a bit below the
 * gateway's, starting full: bursts up to `perSecond` pass at once, the rest wait their turn.
 */
export class Pacer {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = perSecond;
    this.last = now;
  }

  /** Takes a token and returns 0, or returns how many ms to wait before asking again. */
  take(now: number): number {
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}
