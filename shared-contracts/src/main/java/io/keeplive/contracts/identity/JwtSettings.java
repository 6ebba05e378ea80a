package io.keeplive.contracts.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How tokens are checked. Each service binds these from its own {@code keeplive.jwt.*} properties.
 *
 * @param secret HS256 shared secret (at least 32 bytes); {@code null} or blank disables HS256
 * @param jwksUri JWKS endpoint for RS256/ES256 keys; {@code null} or blank disables them
 * @param issuer required {@code iss}, or {@code null} (or blank) to not check it
 * @param audience required {@code aud} entry, or {@code null} (or blank) to not check it
 * @param clockSkew tolerated clock difference when checking {@code exp} and {@code nbf}
 * @param jwksRefreshInterval how often the JWKS keys are fetched again, in the background
 */
public record JwtSettings(
    String secret,
    URI jwksUri,
    String issuer,
    String audience,
    Duration clockSkew,
    Duration jwksRefreshInterval) {

  /** Default of {@link #clockSkew()}. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

  /** Default of {@link #jwksRefreshInterval()}. */
  public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofMinutes(5);

  /**
   * The development secret of the embedded stack. Services refuse to start with it outside
   * development mode.
   */
  public static final String DEVELOPMENT_SECRET = "keeplive-development-secret-do-not-use-in-prod";

  public JwtSettings {
    if (clockSkew == null) {
      clockSkew = DEFAULT_CLOCK_SKEW;
    }
    if (jwksRefreshInterval == null) {
      jwksRefreshInterval = DEFAULT_JWKS_REFRESH_INTERVAL;
    }
    if (clockSkew.isNegative()
        || jwksRefreshInterval.isNegative()
        || jwksRefreshInterval.isZero()) {
      throw new IllegalArgumentException(
          "keeplive.jwt: clock-skew must not be negative, jwks-refresh-interval must be positive");
    }
    // Configuration files default these from environment variables that may be set but empty.
    secret = blankToNull(secret);
    issuer = blankToNull(issuer);
    audience = blankToNull(audience);
    if (jwksUri != null && jwksUri.toString().isBlank()) {
      jwksUri = null;
    }
    if (secret == null && jwksUri == null) {
      throw new IllegalArgumentException("keeplive.jwt: set a secret (HS256) or a jwks-uri");
    }
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("keeplive.jwt.secret must be at least 32 bytes for HS256");
    }
  }

  /** Settings with the default JWKS refresh interval. */
  public JwtSettings(
      String secret, URI jwksUri, String issuer, String audience, Duration clockSkew) {
    this(secret, jwksUri, issuer, audience, clockSkew, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public static JwtSettings hs256(String secret) {
    return new JwtSettings(secret, null, null, null, null, null);
  }

  public boolean usesDevelopmentSecret() {
    return DEVELOPMENT_SECRET.equals(secret);
  }

  /**
   * These settings, if they fit the mode; otherwise the reason a service must not start. Outside
   * development mode the development secret would accept tokens anyone can mint. In development
   * mode a production key source (a JWKS URI, or any other secret) would put real identities next
   * to {@code POST /dev/token}, which mints tokens for anyone: development mode is for development
   * keys only.
   *
   * @throws IllegalStateException when the key source does not fit the mode
   */
  public JwtSettings requireFitsMode(boolean devMode) {
    if (!devMode && usesDevelopmentSecret()) {
      throw new IllegalStateException(
          "keeplive.jwt.secret is the development secret but keeplive.dev-mode is off: "
              + "configure a real secret or a jwks-uri");
    }
    if (devMode && jwksUri != null) {
      throw new IllegalStateException(
          "keeplive.dev-mode is on but keeplive.jwt.jwks-uri is set: development mode accepts "
              + "development keys only");
    }
    if (devMode && secret != null && !usesDevelopmentSecret()) {
      throw new IllegalStateException(
          "keeplive.dev-mode is on but keeplive.jwt.secret is not the development secret: "
              + "development mode accepts development keys only");
    }
    return this;
  }
}
