package io.keeplive.contracts.identity;

import java.time.Clock;

/**
 * Verifies compact JWTs and turns them into an {@link Identity}. Thread-safe; never throws for bad
 * input.
 */
public interface TokenVerifier extends AutoCloseable {

  TokenVerification verify(String token);

  /**
   * A number that moves whenever a key this verifier accepted may have been withdrawn (a JWKS
   * refresh no longer lists it). Whoever remembers verifications must verify again once it moved.
   */
  default long trustEpoch() {
    return 0;
  }

  /** Stops background work (the JWKS refresher); verifying afterwards uses the keys last known. */
  @Override
  default void close() {}

  /** HS256 with the configured secret and/or RS256/ES256 from the JWKS URI. */
  static TokenVerifier of(JwtSettings settings) {
    return new NimbusTokenVerifier(settings);
  }

  /**
   * {@code delegate}, remembering up to {@code maxEntries} verified tokens until they expire: for
   * callers that see the same tokens again and again (the batch refetch).
   */
  static TokenVerifier caching(TokenVerifier delegate, int maxEntries, Clock clock) {
    return new CachingTokenVerifier(delegate, maxEntries, clock);
  }
}
