package io.keeplive.gateway.identity;

import io.keeplive.contracts.identity.JwtSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code keeplive.jwt.*}: how the gateway verifies the tokens clients present.
 *
 * @param secret HS256 shared secret (at least 32 bytes); the development secret is refused unless
 *     {@code keeplive.dev-mode} is on
 * @param jwksUri JWKS endpoint for RS256/ES256 tokens (production)
 * @param issuer required {@code iss}, unchecked when empty
 * @param audience required {@code aud} entry, unchecked when empty
 * @param clockSkew tolerated clock difference when checking {@code exp}
 */
@ConfigurationProperties("keeplive.jwt")
public record JwtProperties(
    String secret, URI jwksUri, String issuer, String audience, Duration clockSkew) {

  public JwtSettings toSettings() {
    URI jwks = jwksUri == null || jwksUri.toString().isBlank() ? null : jwksUri;
    return new JwtSettings(secret, jwks, blankToNull(issuer), blankToNull(audience), clockSkew);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
