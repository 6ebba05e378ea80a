package io.keeplive.testsupport;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tokens signed with the development secret, as the embedded stack and tests use it. */
public final class TestTokens {

  public static final JwtSettings SETTINGS = JwtSettings.hs256(JwtSettings.DEVELOPMENT_SECRET);
  private static final TokenIssuer ISSUER = TokenIssuer.hs256(SETTINGS);

  private TestTokens() {}

  public static String token(String user, String tenant, String... roles) {
    return ISSUER.issue(user, tenant, List.of(roles), Duration.ofHours(1));
  }

  public static String expiringAt(Instant expiresAt, String user, String tenant, String... roles) {
    return ISSUER.issue(user, tenant, List.of(roles), expiresAt);
  }

  /** A random tenant id, so test classes sharing one database never see each other's rows. */
  public static String randomTenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
