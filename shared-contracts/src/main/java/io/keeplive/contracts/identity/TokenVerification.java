package io.keeplive.contracts.identity;

/** The total outcome of verifying a token: never an exception. */
public sealed interface TokenVerification {

  /** The token is valid; here is who it proves. */
  record Verified(Identity identity) implements TokenVerification {}

  /** The token was refused. The reason is safe to show to the caller. */
  record Rejected(Reason reason, String message) implements TokenVerification {}

  enum Reason {
    MALFORMED,
    BAD_SIGNATURE,
    UNSUPPORTED_ALGORITHM,
    EXPIRED,
    /** {@code nbf} (less the clock skew) lies in the future. */
    NOT_YET_VALID,
    MISSING_CLAIM,
    WRONG_ISSUER,
    WRONG_AUDIENCE
  }
}
