package io.keeplive.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

/** SPEC §4.4: the gateway starts only with keys that fit its mode. */
class KeySourceGuardTest {

  private static final String PRODUCTION_SECRET = "a-production-secret-of-at-least-32-bytes!!";

  // Not a @Configuration: application tests scan this package and must not pick it up.
  @EnableConfigurationProperties({JwtProperties.class, DevMode.class})
  @Import(IdentityConfiguration.class)
  static class Identity {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Identity.class);

  @ParameterizedTest(name = "dev mode {0} with secret [{1}] and jwks-uri [{2}] is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "true  | PRODUCTION  |                                   | not the development secret",
        "true  |             | https://keys.example.test/jwks     | jwks-uri",
        "true  | DEVELOPMENT | https://keys.example.test/jwks     | jwks-uri",
        "false | DEVELOPMENT |                                   | development secret"
      })
  void aKeySourceThatDoesNotFitTheModeStopsTheStart(
      boolean devMode, String secret, String jwksUri, String reason) {
    runner
        .withPropertyValues(properties(devMode, secret, jwksUri))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(reason);
            });
  }

  @ParameterizedTest(name = "dev mode {0} with secret [{1}] starts")
  @CsvSource(
      delimiter = '|',
      value = {"true | DEVELOPMENT", "false | PRODUCTION"})
  void aKeySourceThatFitsTheModeStarts(boolean devMode, String secret) {
    runner
        .withPropertyValues(properties(devMode, secret, null))
        .run(context -> assertThat(context).hasSingleBean(TokenVerifier.class));
  }

  private static String[] properties(boolean devMode, String secret, String jwksUri) {
    String secretValue =
        secret == null
            ? ""
            : switch (secret) {
              case "DEVELOPMENT" -> JwtSettings.DEVELOPMENT_SECRET;
              case "PRODUCTION" -> PRODUCTION_SECRET;
              default -> throw new IllegalArgumentException(secret);
            };
    return new String[] {
      "keeplive.dev-mode=" + devMode,
      "keeplive.jwt.secret=" + secretValue,
      "keeplive.jwt.jwks-uri=" + (jwksUri == null ? "" : jwksUri)
    };
  }
}
