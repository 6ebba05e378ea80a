package io.keeplive.contracts.identity;

import com.nimbusds.jose.JOSEException;
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

/** Signs HS256 tokens: the development-mode {@code POST /dev/token} and tests. */
public final class TokenIssuer {

  private final MACSigner signer;
  private final String issuer;
  private final String audience;

  private TokenIssuer(String secret, String issuer, String audience) {
    try {
      this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("secret is not usable for HS256", e);
    }
    this.issuer = issuer;
    this.audience = audience;
  }

  public static TokenIssuer hs256(JwtSettings settings) {
    if (settings.secret() == null) {
      throw new IllegalArgumentException("issuing tokens needs keeplive.jwt.secret");
    }
    return new TokenIssuer(settings.secret(), settings.issuer(), settings.audience());
  }

  public String issue(String user, String tenant, List<String> roles, Duration ttl) {
    return issue(user, tenant, roles, Instant.now().plus(ttl));
  }

  public String issue(String user, String tenant, List<String> roles, Instant expiresAt) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(user)
            .claim("tenant", tenant)
            .claim("roles", List.copyOf(roles))
            .issueTime(new Date())
            .expirationTime(Date.from(expiresAt));
    if (issuer != null) {
      claims.issuer(issuer);
    }
    if (audience != null) {
      claims.audience(audience);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign token", e);
    }
    return jwt.serialize();
  }
}
