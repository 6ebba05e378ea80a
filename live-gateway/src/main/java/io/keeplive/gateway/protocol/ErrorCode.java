package io.keeplive.gateway.protocol;

import java.util.Locale;
import java.util.Optional;

/** The {@code code} of an {@code error} message: exactly the closed set of SPEC §4. */
public enum ErrorCode {
  BAD_REQUEST,
  UNAUTHORIZED,
  FORBIDDEN,
  UNKNOWN_RESOURCE,
  TOO_MANY_SUBSCRIPTIONS,
  RATE_LIMITED,
  TOKEN_EXPIRED,
  /** A {@code sync} could not be confirmed within the sync timeout (SPEC §4.1). */
  SYNC_TIMEOUT,
  /** More {@code sync} requests of one session waiting at once than the limit allows. */
  TOO_MANY_SYNCS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ErrorCode> fromWire(String value) {
    for (ErrorCode code : values()) {
      if (code.wireName().equals(value)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }
}
