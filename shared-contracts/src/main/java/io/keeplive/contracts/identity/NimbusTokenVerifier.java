package io.keeplive.contracts.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

final class NimbusTokenVerifier implements TokenVerifier {

  private static final Set<JWSAlgorithm> ASYMMETRIC =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /** Unknown key ids trigger at most one early JWKS fetch per this (an attacker can send many). */
  private static final Duration MIN_GAP_BETWEEN_FETCHES = Duration.ofSeconds(10);

  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

  private final JwtSettings settings;
  private final MACVerifier macVerifier;
  private final DefaultJWTProcessor<SecurityContext> jwksProcessor;
  private final JwksKeys jwksKeys;

  NimbusTokenVerifier(JwtSettings settings) {
    this.settings = settings;
    try {
      this.macVerifier =
          settings.secret() == null
              ? null
              : new MACVerifier(settings.secret().getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("keeplive.jwt.secret is not usable for HS256", e);
    }
    if (settings.jwksUri() == null) {
      this.jwksProcessor = null;
      this.jwksKeys = null;
    } else {
      try {
        this.jwksKeys =
            new JwksKeys(
                settings.jwksUri().toURL(),
                settings.jwksRefreshInterval(),
                MIN_GAP_BETWEEN_FETCHES,
                FETCH_TIMEOUT);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, jwksKeys));
        // Claims are checked by this class, identically for both key kinds.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        this.jwksProcessor = processor;
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("keeplive.jwt.jwks-uri is not a URL", e);
      }
    }
  }

  @Override
  public TokenVerification verify(String token) {
    if (token == null || token.isBlank()) {
      return reject(TokenVerification.Reason.MALFORMED, "token is missing");
    }
    SignedJWT jwt;
    try {
      // SignedJWT.parse refuses unsecured ("alg": "none") tokens.
      jwt = SignedJWT.parse(token);
    } catch (ParseException | RuntimeException e) {
      return reject(TokenVerification.Reason.MALFORMED, "token is not a signed JWT");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    JWTClaimsSet claims;
    try {
      if (JWSAlgorithm.HS256.equals(alg) && macVerifier != null) {
        if (!jwt.verify(macVerifier)) {
          return reject(TokenVerification.Reason.BAD_SIGNATURE, "token signature is invalid");
        }
        claims = jwt.getJWTClaimsSet();
      } else if (ASYMMETRIC.contains(alg) && jwksProcessor != null) {
        claims = jwksProcessor.process(jwt, null);
      } else {
        return reject(
            TokenVerification.Reason.UNSUPPORTED_ALGORITHM, "token algorithm is not accepted");
      }
    } catch (BadJOSEException e) {
      return reject(TokenVerification.Reason.BAD_SIGNATURE, "token signature is invalid");
    } catch (JOSEException | ParseException | RuntimeException e) {
      return reject(TokenVerification.Reason.MALFORMED, "token could not be verified");
    }
    return checkClaims(claims, token);
  }

  private TokenVerification checkClaims(JWTClaimsSet claims, String token) {
    String sub = claims.getSubject();
    Object tenant = claims.getClaim("tenant");
    if (sub == null || sub.isBlank()) {
      return reject(TokenVerification.Reason.MISSING_CLAIM, "token has no sub claim");
    }
    if (!(tenant instanceof String tenantId) || tenantId.isBlank()) {
      return reject(TokenVerification.Reason.MISSING_CLAIM, "token has no tenant claim");
    }
    if (claims.getExpirationTime() == null) {
      return reject(TokenVerification.Reason.MISSING_CLAIM, "token has no exp claim");
    }
    Instant now = Instant.now();
    Instant exp = claims.getExpirationTime().toInstant();
    if (exp.plus(settings.clockSkew()).isBefore(now)) {
      return reject(TokenVerification.Reason.EXPIRED, "token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(settings.clockSkew()).isAfter(now)) {
      return reject(TokenVerification.Reason.NOT_YET_VALID, "token is not valid yet");
    }
    if (settings.issuer() != null && !settings.issuer().equals(claims.getIssuer())) {
      return reject(TokenVerification.Reason.WRONG_ISSUER, "token issuer is not accepted");
    }
    if (settings.audience() != null
        && (claims.getAudience() == null || !claims.getAudience().contains(settings.audience()))) {
      return reject(TokenVerification.Reason.WRONG_AUDIENCE, "token audience is not accepted");
    }
    List<String> roles = new ArrayList<>();
    if (claims.getClaim("roles") instanceof List<?> list) {
      for (Object role : list) {
        if (role instanceof String r) {
          roles.add(r);
        }
      }
    }
    return new TokenVerification.Verified(new Identity(sub, tenantId, roles, exp, token));
  }

  @Override
  public long trustEpoch() {
    return jwksKeys == null ? 0 : jwksKeys.trustEpoch();
  }

  /** The JWKS fetches so far, or -1 without a JWKS (tests wait on it). */
  long jwksFetches() {
    return jwksKeys == null ? -1 : jwksKeys.fetches();
  }

  @Override
  public void close() {
    if (jwksKeys != null) {
      jwksKeys.close();
    }
  }

  private static TokenVerification reject(TokenVerification.Reason reason, String message) {
    return new TokenVerification.Rejected(reason, message);
  }
}
