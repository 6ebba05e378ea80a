package io.keeplive.gateway.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstUpToTheRatePassesAndTheNextMessageIsRefused() {
    RateLimiter limiter = new RateLimiter(50, 100, 10 * SECOND, 0);
    for (int i = 0; i < 50; i++) {
      assertThat(limiter.onMessage(0)).isEqualTo(RateLimiter.Verdict.ALLOW);
    }
    assertThat(limiter.onMessage(0)).isEqualTo(RateLimiter.Verdict.REFUSE);
  }

  @Test
  void tokensRefillAtTheRate() {
    RateLimiter limiter = new RateLimiter(50, 100, 10 * SECOND, 0);
    for (int i = 0; i < 50; i++) {
      limiter.onMessage(0);
    }
    assertThat(limiter.onMessage(SECOND / 10)).isEqualTo(RateLimiter.Verdict.ALLOW);
  }

  @Test
  void persistentFloodingEndsInClose() {
    RateLimiter limiter = new RateLimiter(50, 100, 10 * SECOND, 0);
    RateLimiter.Verdict last = null;
    for (int i = 0; i < 151; i++) {
      last = limiter.onMessage(0);
    }
    assertThat(last).isEqualTo(RateLimiter.Verdict.CLOSE);
  }

  @Test
  void refusalsFromAnEarlierWindowAreForgotten() {
    RateLimiter limiter = new RateLimiter(1, 3, SECOND, 0);
    limiter.onMessage(0);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.onMessage(0)).isEqualTo(RateLimiter.Verdict.REFUSE);
    }
    assertThat(limiter.onMessage(2 * SECOND)).isEqualTo(RateLimiter.Verdict.ALLOW);
    assertThat(limiter.onMessage(2 * SECOND)).isEqualTo(RateLimiter.Verdict.REFUSE);
  }
}
