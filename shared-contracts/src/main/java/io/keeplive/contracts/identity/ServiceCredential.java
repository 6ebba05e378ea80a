package io.keeplive.contracts.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shared secret with which gateways call resource-service's live API ({@code /api/live/*}):
 * sent as {@value #HEADER}, configured on both sides as {@code keeplive.live-api.service-token}
 * (environment {@code KEEPLIVE_LIVE_API_SERVICE_TOKEN}; the Helm chart takes it from the Secret key
 * {@code live-api-service-token}).
 *
 * <p>A user token is not enough for the live API: one batch call carries many users' tokens and
 * answers rows for all of them, so only the gateways, which authenticated those users themselves,
 * may make it.
 */
public final class ServiceCredential {

  /** The request header carrying the secret. */
  public static final String HEADER = "Keeplive-Service-Token";

  /** The property both services read the secret from. */
  public static final String PROPERTY = "keeplive.live-api.service-token";

  /**
   * The secret of development mode (the embedded stack), used when none is configured there.
   * Services refuse to start with it, or without a secret, outside development mode.
   */
  public static final String DEVELOPMENT_TOKEN = "keeplive-development-service-token";

  private ServiceCredential() {}

  /**
   * The secret to use: the configured one, or in development mode the development default.
   *
   * @throws IllegalStateException outside development mode when none or the development one is
   *     configured, so a production service never runs with a guessable or absent credential
   */
  public static String resolve(String configured, boolean devMode) {
    boolean absent = configured == null || configured.isBlank();
    if (devMode) {
      return absent ? DEVELOPMENT_TOKEN : configured;
    }
    if (absent) {
      throw new IllegalStateException(
          PROPERTY + " is required outside development mode (env KEEPLIVE_LIVE_API_SERVICE_TOKEN)");
    }
    if (configured.equals(DEVELOPMENT_TOKEN)) {
      throw new IllegalStateException(
          PROPERTY + " is the development token but keeplive.dev-mode is false");
    }
    return configured;
  }

  /**
   * Whether {@code presented} is {@code expected}, in time independent of where they differ and of
   * their lengths (both are hashed first), so the secret cannot be guessed byte by byte from
   * response times.
   */
  public static boolean matches(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(presented));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
