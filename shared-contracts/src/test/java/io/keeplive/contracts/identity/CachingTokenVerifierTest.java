package io.keeplive.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTokenVerifierTest {

  private static final JwtSettings SETTINGS = JwtSettings.hs256(JwtSettings.DEVELOPMENT_SECRET);
  private final TokenIssuer issuer = TokenIssuer.hs256(SETTINGS);
  private final Instant start = Instant.now();

  /** Counts how often the real verifier is asked; judges expiry by {@code clock}. */
  private static final class Counting implements TokenVerifier {
    final TokenVerifier real = TokenVerifier.of(SETTINGS);
    final AtomicInteger calls = new AtomicInteger();
    final Clock clock;

    Counting() {
      this(Clock.systemUTC());
    }

    Counting(Clock clock) {
      this.clock = clock;
    }

    @Override
    public TokenVerification verify(String token) {
      calls.incrementAndGet();
      TokenVerification outcome = real.verify(token);
      if (outcome instanceof TokenVerification.Verified ok
          && !clock.instant().isBefore(ok.identity().expiresAt())) {
        return new TokenVerification.Rejected(TokenVerification.Reason.EXPIRED, "expired");
      }
      return outcome;
    }
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void aVerifiedTokenIsVerifiedOnceAndAnsweredFromMemoryAfterwards() {
    Counting delegate = new Counting();
    TokenVerifier verifier = TokenVerifier.caching(delegate, 100, Clock.systemUTC());
    String token = issuer.issue("alice", "acme", List.of("agent"), Duration.ofMinutes(5));

    TokenVerification first = verifier.verify(token);
    TokenVerification second = verifier.verify(token);

    assertThat(first).isEqualTo(second).isInstanceOf(TokenVerification.Verified.class);
    assertThat(((TokenVerification.Verified) second).identity().user()).isEqualTo("alice");
    assertThat(delegate.calls).hasValue(1);
  }

  @Test
  void rejectedTokensAreNeverRemembered() {
    Counting delegate = new Counting();
    TokenVerifier verifier = TokenVerifier.caching(delegate, 100, Clock.systemUTC());
    String token = issuer.issue("alice", "acme", List.of("agent"), Duration.ofMinutes(5));
    String tampered = token.substring(0, token.length() - 2) + "xx";

    assertThat(verifier.verify(tampered)).isInstanceOf(TokenVerification.Rejected.class);
    assertThat(verifier.verify(tampered)).isInstanceOf(TokenVerification.Rejected.class);
    assertThat(verifier.verify("garbage")).isInstanceOf(TokenVerification.Rejected.class);
    assertThat(delegate.calls).hasValue(3);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() {
    MutableClock clock = new MutableClock(start);
    Counting delegate = new Counting(clock);
    TokenVerifier verifier = TokenVerifier.caching(delegate, 100, clock);
    Instant expiry = start.plusSeconds(120);
    String token = issuer.issue("alice", "acme", List.of("agent"), expiry);
    assertThat(verifier.verify(token)).isInstanceOf(TokenVerification.Verified.class);

    clock.now = expiry.plusSeconds(3600);

    assertThat(verifier.verify(token))
        .as("past expiry the real verifier decides again")
        .isInstanceOf(TokenVerification.Rejected.class);
    assertThat(delegate.calls).hasValue(2);
  }

  @Test
  void pastTheBoundEntriesAreEvictedOneByOneNotAllAtOnce() {
    Counting delegate = new Counting();
    TokenVerifier verifier = TokenVerifier.caching(delegate, 100, Clock.systemUTC());
    for (int i = 0; i <= 100; i++) {
      verifier.verify(issuer.issue("u" + i, "acme", List.of("viewer"), Duration.ofMinutes(5)));
    }

    assertThat(((CachingTokenVerifier) verifier).size()).isEqualTo(100);
  }

  @Test
  void theMemoryStaysBoundedAndStillAnswersCorrectly() {
    Counting delegate = new Counting();
    TokenVerifier verifier = TokenVerifier.caching(delegate, 3, Clock.systemUTC());
    for (int i = 0; i < 10; i++) {
      String token = issuer.issue("u" + i, "acme", List.of("viewer"), Duration.ofMinutes(5));
      TokenVerification outcome = verifier.verify(token);
      assertThat(((TokenVerification.Verified) outcome).identity().user()).isEqualTo("u" + i);
    }
    assertThat(((CachingTokenVerifier) verifier).size()).isLessThanOrEqualTo(3);
  }
}
