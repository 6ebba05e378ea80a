package io.keeplive.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nbf} is honoured with the same clock skew as {@code exp}. */
class NotBeforeTest {

  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final TokenVerifier VERIFIER =
      TokenVerifier.of(
          new JwtSettings(JwtSettings.DEVELOPMENT_SECRET, null, null, null, SKEW, null));

  @ParameterizedTest(name = "nbf {0} s from now → verified: {1}")
  @CsvSource({"600, false", "45, false", "20, true", "0, true", "-600, true"})
  void aTokenIsAcceptedOnlyFromItsNotBeforeTimeLessTheClockSkew(
      long nbfSecondsFromNow, boolean verified) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("alice")
            .claim("tenant", "acme")
            .claim("roles", List.of("agent"))
            .notBeforeTime(Date.from(now.plusSeconds(nbfSecondsFromNow)))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(JwtSettings.DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8)));

    TokenVerification outcome = VERIFIER.verify(jwt.serialize());

    if (verified) {
      assertThat(outcome).isInstanceOf(TokenVerification.Verified.class);
    } else {
      assertThat(outcome)
          .isEqualTo(
              new TokenVerification.Rejected(
                  TokenVerification.Reason.NOT_YET_VALID, "token is not valid yet"));
    }
  }
}
