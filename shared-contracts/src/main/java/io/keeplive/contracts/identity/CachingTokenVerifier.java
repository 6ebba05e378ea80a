package io.keeplive.contracts.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers tokens that verified, until they expire. The gateway's batch refetch sends the same
 * session tokens with every refetch of a cohort; verifying each signature again would cost more CPU
 * than the read itself.
 *
 * <p>Only {@link TokenVerification.Verified} outcomes are remembered, keyed by the exact token
 * string, so a hit can only return what the delegate said for these very bytes. A hit is answered
 * from memory only while
 *
 * <ul>
 *   <li>the token has not expired (at or past its expiry the delegate decides again; it owns the
 *       clock-skew rules), and
 *   <li>the delegate's {@linkplain TokenVerifier#trustEpoch() trust epoch} is the one at
 *       verification: once a JWKS refresh dropped a key, every remembered verification is checked
 *       again, and those signed with the dropped key are refused.
 * </ul>
 *
 * <p>The memory is bounded per entry: past {@code maxEntries} the least valuable entries are
 * evicted one by one (Caffeine's size bound), and each entry leaves at its token's expiry.
 */
final class CachingTokenVerifier implements TokenVerifier {

  private record Entry(Identity identity, long trustEpoch) {}

  private final TokenVerifier delegate;
  private final Clock clock;
  private final Cache<String, Entry> verified;

  CachingTokenVerifier(TokenVerifier delegate, int maxEntries, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(Math.max(1, maxEntries))
            .expireAfter(new UntilTokenExpiry(clock))
            // Evict on the calling thread: the bound holds at once, without a pool thread.
            .executor(Runnable::run)
            .build();
  }

  @Override
  public TokenVerification verify(String token) {
    if (token == null) {
      return delegate.verify(null);
    }
    Instant now = clock.instant();
    long epoch = delegate.trustEpoch();
    Entry known = verified.getIfPresent(token);
    if (known != null) {
      if (known.trustEpoch() == epoch && now.isBefore(known.identity().expiresAt())) {
        return new TokenVerification.Verified(known.identity());
      }
      verified.invalidate(token);
    }
    TokenVerification outcome = delegate.verify(token);
    if (outcome instanceof TokenVerification.Verified ok
        && now.isBefore(ok.identity().expiresAt())) {
      // The epoch read before verifying: a key dropped meanwhile makes the next hit verify again.
      verified.put(token, new Entry(ok.identity(), epoch));
    }
    return outcome;
  }

  @Override
  public long trustEpoch() {
    return delegate.trustEpoch();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** Tokens currently remembered. */
  long size() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /** An entry lives until its token expires (by the verifier's clock), then leaves the memory. */
  private record UntilTokenExpiry(Clock clock) implements Expiry<String, Entry> {

    @Override
    public long expireAfterCreate(String token, Entry entry, long currentTime) {
      Duration left = Duration.between(clock.instant(), entry.identity().expiresAt());
      return Math.max(0, saturatedNanos(left));
    }

    @Override
    public long expireAfterUpdate(
        String token, Entry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(token, entry, currentTime);
    }

    @Override
    public long expireAfterRead(String token, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long saturatedNanos(Duration duration) {
      try {
        return duration.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
  }
}
