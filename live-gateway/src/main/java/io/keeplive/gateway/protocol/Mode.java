package io.keeplive.gateway.protocol;

import java.util.Optional;

/** How a subscription is kept up to date. */
public enum Mode {
  /** Every change yields a fresh full {@code result}, sent only when it differs from the last. */
  REFETCH("refetch"),
  /** An initial {@code result}, then {@code insert}/{@code update}/{@code delete} per row. */
  STREAM("stream");

  private final String wireName;

  Mode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Mode> fromWire(String value) {
    for (Mode mode : values()) {
      if (mode.wireName.equals(value)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
