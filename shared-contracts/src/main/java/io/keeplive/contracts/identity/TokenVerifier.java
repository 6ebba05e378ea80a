package io.keeplive.contracts.identity;

/**
 * Verifies compact JWTs and turns them into an {@link Identity}. Thread-safe; never throws for bad
 * input.
 */
public interface TokenVerifier {

  TokenVerification verify(String token);

  /** HS256 with the configured secret and/or RS256/ES256 from the JWKS URI. */
  static TokenVerifier of(JwtSettings settings) {
    return new NimbusTokenVerifier(settings);
  }

  /**
   * {@code delegate}, remembering up to {@code maxEntries} verified tokens until they expire: for
   * callers that see the same tokens again and again (the batch refetch).
   */
  static TokenVerifier caching(TokenVerifier delegate, int maxEntries, java.time.Clock clock) {
    return new CachingTokenVerifier(delegate, maxEntries, clock);
  }
}
