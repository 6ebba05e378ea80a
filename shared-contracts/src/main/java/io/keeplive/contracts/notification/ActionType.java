package io.keeplive.contracts.notification;

import java.util.Locale;
import java.util.Optional;

/** The kind of change an action makes; custom actions such as {@code assign} are updates. */
public enum ActionType {
  CREATE,
  UPDATE,
  DESTROY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ActionType> fromWire(String value) {
    for (ActionType type : values()) {
      if (type.wireName().equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
