package io.keeplive.resource.identity;

import io.keeplive.contracts.identity.JwtSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code keeplive.*} settings every service shares.
 *
 * @param devMode development mode (the embedded stack): the only mode in which the development JWT
 *     secret is accepted
 * @param jwt how tokens are verified
 */
@ConfigurationProperties("keeplive")
public record KeepliveProperties(@DefaultValue("false") boolean devMode, @DefaultValue Jwt jwt) {

  /**
   * {@code keeplive.jwt.*}, bound into {@link JwtSettings}.
   *
   * @param secret HS256 shared secret, at least 32 bytes; empty disables HS256
   * @param jwksUri JWKS endpoint for RS256/ES256 keys; empty disables them
   * @param issuer required {@code iss} claim; empty means not checked
   * @param audience required {@code aud} entry; empty means not checked
   * @param clockSkew tolerated clock difference when checking {@code exp}
   */
  public record Jwt(
      String secret,
      URI jwksUri,
      String issuer,
      String audience,
      @DefaultValue("5s") Duration clockSkew) {

    public JwtSettings toSettings() {
      return new JwtSettings(secret, jwksUri, issuer, audience, clockSkew);
    }
  }
}
