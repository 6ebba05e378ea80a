package io.keeplive.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The live API's service credential: which secret a service uses, and when two match. */
class ServiceCredentialTest {

  @Test
  void developmentModeDefaultsAMissingSecret() {
    assertThat(ServiceCredential.resolve(null, true))
        .isEqualTo(ServiceCredential.DEVELOPMENT_TOKEN);
    assertThat(ServiceCredential.resolve(" ", true)).isEqualTo(ServiceCredential.DEVELOPMENT_TOKEN);
    assertThat(ServiceCredential.resolve("configured", true)).isEqualTo("configured");
  }

  @Test
  void outsideDevelopmentModeAMissingOrDevelopmentSecretIsRefused() {
    assertThatThrownBy(() -> ServiceCredential.resolve("", false))
        .hasMessageContaining("required outside development mode");
    assertThatThrownBy(() -> ServiceCredential.resolve(ServiceCredential.DEVELOPMENT_TOKEN, false))
        .hasMessageContaining("development token");
    assertThat(ServiceCredential.resolve("a-real-secret", false)).isEqualTo("a-real-secret");
  }

  @Test
  void onlyTheExactSecretMatches() {
    assertThat(ServiceCredential.matches("secret", "secret")).isTrue();
    assertThat(ServiceCredential.matches("secret", "secret ")).isFalse();
    assertThat(ServiceCredential.matches("secret", "secre")).isFalse();
    assertThat(ServiceCredential.matches("secret", "Secret")).isFalse();
    assertThat(ServiceCredential.matches("secret", null)).isFalse();
    assertThat(ServiceCredential.matches(null, "secret")).isFalse();
  }
}
