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
}
