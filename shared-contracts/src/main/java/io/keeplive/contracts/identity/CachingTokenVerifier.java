package io.keeplive.contracts.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified, until they expire. The gateway's batch refetch sends the same
 * session tokens with every refetch of a cohort; verifying each signature again would cost more CPU
 * than the read itself.
 *
 * <p>Only {@link TokenVerification.Verified} outcomes are remembered, keyed by the exact token
 * string, so a hit can only return what the delegate said for these very bytes. A hit at or past
 * the token's expiry is dropped and the delegate decides again (it owns the clock-skew rules). The
 * map is bounded: when full it is cleared, which costs one re-verification per live token and keeps
 * the code free of eviction bookkeeping.
 */
final class CachingTokenVerifier implements TokenVerifier {

  private final TokenVerifier delegate;
  private final int maxEntries;
  private final Clock clock;
  private final Map<String, Identity> verified = new ConcurrentHashMap<>();

  CachingTokenVerifier(TokenVerifier delegate, int maxEntries, Clock clock) {
    this.delegate = delegate;
    this.maxEntries = Math.max(1, maxEntries);
    this.clock = clock;
  }

  @Override
  public TokenVerification verify(String token) {
    if (token == null) {
      return delegate.verify(null);
    }
    Identity known = verified.get(token);
    Instant now = clock.instant();
    if (known != null) {
      if (known.expiresAt() != null && now.isBefore(known.expiresAt())) {
        return new TokenVerification.Verified(known);
      }
      verified.remove(token);
    }
    TokenVerification outcome = delegate.verify(token);
    if (outcome instanceof TokenVerification.Verified ok
        && ok.identity().expiresAt() != null
        && now.isBefore(ok.identity().expiresAt())) {
      if (verified.size() >= maxEntries) {
        verified.clear();
      }
      verified.put(token, ok.identity());
    }
    return outcome;
  }

  /** Tokens currently remembered. */
  int size() {
    return verified.size();
  }
}
