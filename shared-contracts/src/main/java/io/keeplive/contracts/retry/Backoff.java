package io.keeplive.contracts.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The one retry wait of Keeplive: exponential growth with full jitter, capped, reset by success.
 *
 * <p>After the n-th failure in a row (n starting at 0) the wait is drawn uniformly from {@code [0,
 * min(cap, initial × multiplier^n))}. Full jitter is what keeps many clients that failed together
 * (every gateway when resource-service restarts, every relay lane when PostgreSQL restarts) from
 * retrying together: a plain doubling wait brings them back in lockstep, each round as one burst.
 * The expected wait still grows exponentially, so a lasting outage is not hammered.
 *
 * <p>An instance counts consecutive failures; it is safe to use from several threads (the count is
 * atomic), though a retry loop normally owns its own. {@link #delay(int)} is the stateless form for
 * callers that keep their own count.
 */
public final class Backoff {

  /**
   * How a backoff grows.
   *
   * @param initial ceiling of the first wait (after the first failure)
   * @param cap largest ceiling, however many failures in a row
   * @param multiplier growth of the ceiling per failure, at least 1
   */
  public record Settings(Duration initial, Duration cap, double multiplier) {

    public Settings {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(cap, "cap");
      if (initial.isNegative() || initial.isZero()) {
        throw new IllegalArgumentException("initial must be positive: " + initial);
      }
      if (cap.compareTo(initial) < 0) {
        throw new IllegalArgumentException("cap " + cap + " is below initial " + initial);
      }
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "multiplier must be a finite number >= 1: " + multiplier);
      }
    }

    /** The common case: the ceiling doubles per failure from {@code initial} up to {@code cap}. */
    public static Settings exponential(Duration initial, Duration cap) {
      return new Settings(initial, cap, 2.0);
    }

    /**
     * The ceiling of the wait after {@code failuresBefore} earlier failures in a row: {@code
     * min(cap, initial × multiplier^failuresBefore)}.
     */
    public Duration ceiling(int failuresBefore) {
      if (failuresBefore < 0) {
        throw new IllegalArgumentException("failuresBefore must be >= 0: " + failuresBefore);
      }
      double nanos = initial.toNanos() * Math.pow(multiplier, failuresBefore);
      // Math.min on doubles also absorbs an infinite product from a long run of failures.
      return Duration.ofNanos((long) Math.min(nanos, (double) cap.toNanos()));
    }

    /** A new backoff with these settings, drawing from a thread-local random. */
    public Backoff newBackoff() {
      return new Backoff(this, THREAD_LOCAL_RANDOM);
    }
  }

  /** Draws from the calling thread's {@link ThreadLocalRandom}, whichever thread that is. */
  private static final RandomGenerator THREAD_LOCAL_RANDOM =
      () -> ThreadLocalRandom.current().nextLong();

  private final Settings settings;
  private final RandomGenerator random;
  private final AtomicInteger failures = new AtomicInteger();

  /**
   * A backoff drawing its jitter from {@code random} (tests pass a seeded or fixed generator; the
   * generator must then be used by one thread at a time or be thread-safe).
   */
  public Backoff(Settings settings, RandomGenerator random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Shorthand for {@code Settings.exponential(initial, cap).newBackoff()}. */
  public static Backoff exponential(Duration initial, Duration cap) {
    return Settings.exponential(initial, cap).newBackoff();
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  public Duration next() {
    int before = failures.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n + 1);
    return delay(before);
  }

  /** A success: the next failure waits as little as the first one did. */
  public void reset() {
    failures.set(0);
  }

  /** Failures recorded by {@link #next()} since the last {@link #reset()}. */
  public int failures() {
    return failures.get();
  }

  /**
   * The jittered wait after {@code failuresBefore} earlier failures in a row, without touching this
   * instance's count: uniform in {@code [0, settings().ceiling(failuresBefore))}.
   */
  public Duration delay(int failuresBefore) {
    long ceiling = settings.ceiling(failuresBefore).toNanos();
    return Duration.ofNanos((long) (random.nextDouble() * ceiling));
  }

  public Settings settings() {
    return settings;
  }
}
