package io.keeplive.gateway.identity;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Token verification, and the refusal to run with the development secret outside dev mode. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

  @Bean
  JwtSettings jwtSettings(JwtProperties properties, DevMode devMode) {
    JwtSettings settings = properties.toSettings();
    if (settings.usesDevelopmentSecret() && !devMode.devMode()) {
      throw new IllegalStateException(
          "keeplive.jwt.secret is the development secret but keeplive.dev-mode is off: "
              + "configure a real secret or a jwks-uri");
    }
    return settings;
  }

  @Bean
  TokenVerifier tokenVerifier(JwtSettings settings) {
    return TokenVerifier.of(settings);
  }
}
