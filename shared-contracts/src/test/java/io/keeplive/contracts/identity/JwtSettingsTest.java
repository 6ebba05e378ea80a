package io.keeplive.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class JwtSettingsTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void blankValuesFromEmptyEnvironmentVariablesMeanNotSet() {
    JwtSettings settings = new JwtSettings(SECRET, URI.create(""), " ", "", null, null);

    assertThat(settings.jwksUri()).isNull();
    assertThat(settings.issuer()).isNull();
    assertThat(settings.audience()).isNull();
  }

  @Test
  void aBlankSecretWithoutAJwksUriIsRefusedAsNoKeySource() {
    assertThatThrownBy(() -> new JwtSettings("  ", URI.create(""), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set a secret (HS256) or a jwks-uri");
  }

  @Test
  void absentDurationsTakeTheirDefaults() {
    JwtSettings settings = JwtSettings.hs256(SECRET);

    assertThat(settings.clockSkew()).isEqualTo(JwtSettings.DEFAULT_CLOCK_SKEW);
    assertThat(settings.jwksRefreshInterval()).isEqualTo(JwtSettings.DEFAULT_JWKS_REFRESH_INTERVAL);
  }
}
