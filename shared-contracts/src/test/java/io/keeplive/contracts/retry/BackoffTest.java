package io.keeplive.contracts.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private static final Backoff.Settings SETTINGS =
      Backoff.Settings.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void ceilingsDoubleFromTheInitialWaitUpToTheCap() {
    Backoff backoff = new Backoff(SETTINGS, fixed(MAX_FRACTION));

    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waits.add(backoff.next().toMillis());
    }

    // Just under each ceiling: the draw is from [0, ceiling).
    assertThat(waits).containsExactly(99L, 199L, 399L, 799L, 999L, 999L, 999L);
    assertThat(backoff.failures()).isEqualTo(7);
  }

  @ParameterizedTest(name = "a draw of {0} after {1} failures waits {2} ms")
  @CsvSource({"0.0, 0, 0", "0.5, 0, 50", "0.5, 2, 200", "0.25, 3, 200", "0.5, 20, 500"})
  void theWaitIsTheDrawnFractionOfItsCeiling(double draw, int failuresBefore, long expectedMillis) {
    Backoff backoff = new Backoff(SETTINGS, fixed(draw));

    assertThat(backoff.delay(failuresBefore)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @Test
  void aSuccessMakesTheNextFailureWaitAsLittleAsTheFirst() {
    Backoff backoff = new Backoff(SETTINGS, fixed(MAX_FRACTION));
    backoff.next();
    backoff.next();
    backoff.next();

    backoff.reset();

    assertThat(backoff.failures()).isZero();
    assertThat(backoff.next()).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void clientsThatFailedTogetherDoNotRetryTogether() {
    // 100 clients, all failing for the 4th time at the same instant (ceiling 800 ms).
    SplittableRandom seeds = new SplittableRandom(42);
    Set<Long> distinctWaits = new HashSet<>();
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    for (int client = 0; client < 100; client++) {
      Backoff backoff = new Backoff(SETTINGS, seeds.split());
      Duration wait = backoff.delay(3);
      distinctWaits.add(wait.toMillis());
      shortest = Math.min(shortest, wait.toMillis());
      longest = Math.max(longest, wait.toMillis());
    }

    assertThat(distinctWaits).hasSizeGreaterThan(80);
    assertThat(shortest).isLessThan(100);
    assertThat(longest).isGreaterThan(700).isLessThan(800);
  }

  @Test
  void aLongRunOfFailuresStaysAtTheCapWithoutOverflowing() {
    Backoff backoff = new Backoff(SETTINGS, fixed(MAX_FRACTION));

    assertThat(SETTINGS.ceiling(10_000)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(Integer.MAX_VALUE)).isLessThan(Duration.ofSeconds(1));
    assertThat(backoff.delay(Integer.MAX_VALUE)).isGreaterThan(Duration.ofMillis(999));
  }

  @Test
  void theStatelessDelayLeavesTheFailureCountAlone() {
    Backoff backoff = new Backoff(SETTINGS, fixed(0.5));

    backoff.delay(5);

    assertThat(backoff.failures()).isZero();
  }

  @Test
  void aCustomMultiplierGrowsTheCeilingByThatFactor() {
    Backoff.Settings tripling =
        new Backoff.Settings(Duration.ofMillis(10), Duration.ofSeconds(10), 3.0);

    assertThat(tripling.ceiling(0)).isEqualTo(Duration.ofMillis(10));
    assertThat(tripling.ceiling(2)).isEqualTo(Duration.ofMillis(90));
  }

  @Test
  void theDefaultRandomDrawsWithinTheCeiling() {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

    for (int i = 0; i < 1_000; i++) {
      assertThat(backoff.delay(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }
  }

  @Test
  void settingsThatCannotMakeAWaitAreRefused() {
    assertThatThrownBy(() -> Backoff.Settings.exponential(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial");
    assertThatThrownBy(
            () -> Backoff.Settings.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cap");
    assertThatThrownBy(() -> new Backoff.Settings(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
  }

  /** The largest value {@link RandomGenerator#nextDouble()} can return. */
  private static final double MAX_FRACTION = Math.nextDown(1.0);

  /** A generator whose every draw is {@code fraction}: the wait becomes predictable. */
  private static RandomGenerator fixed(double fraction) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("Backoff draws doubles only");
      }

      @Override
      public double nextDouble() {
        return fraction;
      }
    };
  }
}
