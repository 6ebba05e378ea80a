package io.keeplive.resource.declaration;

import java.util.Objects;

/**
 * A value a policy condition compares or an action writes: a column of the row, an action argument,
 * the actor, or a constant.
 */
public sealed interface Term {

  /**
   * An attribute of the record being checked: for reads the row, for writes the row as it is before
   * the action (for creates, the row about to be inserted).
   */
  record Attr(String name) implements Term {
    public Attr {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A value the client passes to the action (e.g. {@code assignee_id} of {@code assign}). */
  record Argument(String name) implements Term {
    public Argument {
      Objects.requireNonNull(name, "name");
    }
  }

  /** The acting user's id. */
  record ActorUser() implements Term {}

  /** A constant (e.g. {@code closed} for the {@code close} action). */
  record Value(Object value) implements Term {}

  static Term attr(String name) {
    return new Attr(name);
  }

  static Term argument(String name) {
    return new Argument(name);
  }

  static Term value(Object value) {
    return new Value(value);
  }

  static Term actor() {
    return new ActorUser();
  }
}
