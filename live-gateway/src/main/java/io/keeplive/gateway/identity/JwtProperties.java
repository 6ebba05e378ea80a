package io.keeplive.gateway.identity;

import io.keeplive.contracts.identity.JwtSettings;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keeplive.jwt.*}: how the gateway verifies the tokens clients present.
 *
 * @param secret HS256 shared secret (at least 32 bytes); the development secret is refused unless
 *     {@code keeplive.dev-mode} is on
 * @param jwksUri JWKS endpoint for RS256/ES256 tokens (production)
 * @param issuer required {@code iss}, unchecked when empty
 * @param audience required {@code aud} entry, unchecked when empty
 * @param clockSkew tolerated clock difference when checking {@code exp} and {@code nbf}
 * @param jwksRefreshInterval how often the JWKS keys are fetched again, in the background
 */
@Validated
@ConfigurationProperties("keeplive.jwt")
public record JwtProperties(
    String secret,
    URI jwksUri,
    String issuer,
    String audience,
    @DefaultValue("5s") @NotNull Duration clockSkew,
    @DefaultValue("5m") @NotNull Duration jwksRefreshInterval) {

  public JwtSettings toSettings() {
    return new JwtSettings(secret, jwksUri, issuer, audience, clockSkew, jwksRefreshInterval);
  }
}
