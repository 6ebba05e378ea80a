package io.keeplive.resource.identity;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Token verification beans, and the refusal to run production with the development secret. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  @Bean
  JwtSettings jwtSettings(KeepliveProperties properties) {
    JwtSettings settings = properties.jwt().toSettings();
    if (settings.usesDevelopmentSecret() && !properties.devMode()) {
      throw new IllegalStateException(
          "keeplive.jwt.secret is the development secret but keeplive.dev-mode is false: "
              + "configure a real secret or a JWKS URI");
    }
    return settings;
  }

  @Bean
  TokenVerifier tokenVerifier(JwtSettings settings) {
    return TokenVerifier.of(settings);
  }

  @Bean
  BearerAuthentication bearerAuthentication(TokenVerifier verifier) {
    return new BearerAuthentication(verifier);
  }
}
