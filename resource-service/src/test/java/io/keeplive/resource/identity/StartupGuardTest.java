package io.keeplive.resource.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

class StartupGuardTest {

  // Not a @Configuration: the running-service tests scan this package and must not pick it up.
  @EnableConfigurationProperties(KeepliveProperties.class)
  @Import(IdentityConfiguration.class)
  static class Identity {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Identity.class);

  @Test
  void refusesToStartWithTheDevelopmentSecretOutsideDevMode() {
    runner
        .withPropertyValues("keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("development secret");
            });
  }

  @Test
  void startsWithTheDevelopmentSecretInDevMode() {
    runner
        .withPropertyValues(
            "keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET, "keeplive.dev-mode=true")
        .run(context -> assertThat(context).hasSingleBean(TokenVerifier.class));
  }

  @Test
  void startsWithAnotherSecretOutsideDevMode() {
    runner
        .withPropertyValues("keeplive.jwt.secret=a-production-secret-of-at-least-32-bytes!!")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(JwtSettings.class).usesDevelopmentSecret()).isFalse();
            });
  }

  @Test
  void refusesToStartInDevModeWithAJwksUri() {
    runner
        .withPropertyValues(
            "keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET,
            "keeplive.jwt.jwks-uri=https://keys.example.test/jwks",
            "keeplive.dev-mode=true")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("jwks-uri");
            });
  }

  @Test
  void refusesToStartInDevModeWithANonDevelopmentSecret() {
    runner
        .withPropertyValues(
            "keeplive.jwt.secret=a-production-secret-of-at-least-32-bytes!!",
            "keeplive.dev-mode=true")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("not the development secret");
            });
  }

  @Test
  void refusesToStartWithoutAnyKey() {
    runner.run(context -> assertThat(context).hasFailed());
  }
}
