package io.keeplive.contracts.identity;

import java.net.URI;
import java.time.Duration;

/**
 * How tokens are checked. Each service binds these from its own {@code keeplive.jwt.*} properties.
 *
 * @param secret HS256 shared secret (at least 32 bytes); {@code null} disables HS256
 * @param jwksUri JWKS endpoint for RS256/ES256 keys; {@code null} disables them
 * @param issuer required {@code iss}, or {@code null} to not check it
 * @param audience required {@code aud} entry, or {@code null} to not check it
 * @param clockSkew tolerated clock difference when checking {@code exp}
 */
public record JwtSettings(
    String secret, URI jwksUri, String issuer, String audience, Duration clockSkew) {

  /**
   * The development secret of the embedded stack. Services refuse to start with it outside
   * development mode.
   */
  public static final String DEVELOPMENT_SECRET = "keeplive-development-secret-do-not-use-in-prod";

  public JwtSettings {
    if (clockSkew == null) {
      clockSkew = Duration.ofSeconds(5);
    }
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
    if (secret == null && jwksUri == null) {
      throw new IllegalArgumentException("keeplive.jwt: set a secret (HS256) or a jwks-uri");
    }
    if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("keeplive.jwt.secret must be at least 32 bytes for HS256");
    }
  }

  public static JwtSettings hs256(String secret) {
    return new JwtSettings(secret, null, null, null, null);
  }

  public boolean usesDevelopmentSecret() {
    return DEVELOPMENT_SECRET.equals(secret);
  }
}
