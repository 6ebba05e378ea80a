package io.keeplive.gateway.identity;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token verification, and the refusal to start with keys that do not fit the mode: the development
 * secret outside development mode, a production key source inside it.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

  @Bean
  JwtSettings jwtSettings(JwtProperties properties, DevMode devMode) {
    return properties.toSettings().requireFitsMode(devMode.devMode());
  }

  @Bean
  TokenVerifier tokenVerifier(JwtSettings settings) {
    return TokenVerifier.of(settings);
  }
}
