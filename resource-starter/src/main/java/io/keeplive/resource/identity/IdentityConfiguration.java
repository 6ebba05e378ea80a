package io.keeplive.resource.identity;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenVerifier;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token verification beans, and the refusal to start with keys that do not fit the mode: the
 * development secret outside development mode, a production key source inside it.
 */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  @Bean
  JwtSettings jwtSettings(KeepliveProperties properties) {
    return properties.jwt().toSettings().requireFitsMode(properties.devMode());
  }

  /**
   * Verified tokens are remembered until they expire: clients send the same token with every
   * request, and the gateway sends each session's token with every batch refetch.
   */
  @Bean
  TokenVerifier tokenVerifier(JwtSettings settings) {
    return TokenVerifier.caching(TokenVerifier.of(settings), VERIFIED_TOKENS, Clock.systemUTC());
  }

  /** Tokens remembered (about one per live session and per active REST client). */
  private static final int VERIFIED_TOKENS = 50_000;

  @Bean
  BearerAuthentication bearerAuthentication(TokenVerifier verifier) {
    return new BearerAuthentication(verifier);
  }
}
