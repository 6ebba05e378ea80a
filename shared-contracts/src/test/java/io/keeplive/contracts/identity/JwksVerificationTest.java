package io.keeplive.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256 tokens against a real JWKS endpoint: the keys are fetched ahead, never by a verifier. */
class JwksVerificationTest {

  private static RSAKey first;
  private static RSAKey second;

  private JwksEndpoint endpoint;
  private NimbusTokenVerifier verifier;

  @BeforeAll
  static void keys() {
    first = JwksEndpoint.newKey("first");
    second = JwksEndpoint.newKey("second");
  }

  @BeforeEach
  void start() throws Exception {
    endpoint = new JwksEndpoint();
    endpoint.publish(first);
  }

  @AfterEach
  void stop() {
    if (verifier != null) {
      verifier.close();
    }
    endpoint.close();
  }

  private NimbusTokenVerifier verifier(Duration refreshInterval) {
    verifier =
        new NimbusTokenVerifier(
            new JwtSettings(null, endpoint.uri(), null, null, null, refreshInterval));
    return verifier;
  }

  @Test
  void aTokenSignedWithAPublishedKeyVerifiesFromTheKeysFetchedAtStart() {
    NimbusTokenVerifier verifier = verifier(Duration.ofMinutes(5));

    TokenVerification outcome =
        verifier.verify(JwksEndpoint.token(first, "alice", Duration.ofMinutes(5)));

    assertThat(outcome).isInstanceOf(TokenVerification.Verified.class);
    assertThat(endpoint.requests()).isEqualTo(1);
  }

  @Test
  void verifyingNeverWaitsForTheJwksEndpoint() {
    NimbusTokenVerifier verifier = verifier(Duration.ofMinutes(5));
    endpoint.hang();
    endpoint.publish(first, second);
    String unknownKey = JwksEndpoint.token(second, "bob", Duration.ofMinutes(5));

    long started = System.nanoTime();
    TokenVerification outcome = verifier.verify(unknownKey);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // The key is not known yet and the endpoint does not answer: refused at once, not waited for.
    assertThat(outcome).isInstanceOf(TokenVerification.Rejected.class);
    assertThat(took).isLessThan(Duration.ofMillis(250));
    endpoint.answer();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> verifier.verify(unknownKey) instanceof TokenVerification.Verified);
  }

  @Test
  void aKeyRotatedIntoTheJwksIsFetchedByTheBackgroundRefresh() {
    NimbusTokenVerifier verifier = verifier(Duration.ofMillis(300));
    long fetchesAtStart = verifier.jwksFetches();
    endpoint.publish(first, second);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> verifier.jwksFetches() >= fetchesAtStart + 2);

    // Checked only after the refresher fetched: this verification finds the key in memory.
    assertThat(verifier.verify(JwksEndpoint.token(second, "bob", Duration.ofMinutes(5))))
        .isInstanceOf(TokenVerification.Verified.class);
  }

  @Test
  void aRememberedVerificationIsRefusedOnceItsKeyLeftTheJwks() {
    TokenVerifier caching =
        TokenVerifier.caching(verifier(Duration.ofMillis(300)), 100, Clock.systemUTC());
    String token = JwksEndpoint.token(first, "alice", Duration.ofMinutes(5));
    assertThat(caching.verify(token)).isInstanceOf(TokenVerification.Verified.class);

    endpoint.publish(second);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> caching.verify(token) instanceof TokenVerification.Rejected);
  }
}
