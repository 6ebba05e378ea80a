package io.keeplive.resource.declaration;

import java.util.Objects;

/**
 * An input of an action.
 *
 * @param name JSON member (body) or path variable name
 * @param validatesAs the attribute whose type and constraints the value must satisfy
 * @param in where the value is read from
 * @param required whether the client must send it
 */
public record Argument(String name, Attribute validatesAs, In in, boolean required) {

  public enum In {
    BODY,
    PATH
  }

  public Argument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(validatesAs, "validatesAs");
    Objects.requireNonNull(in, "in");
  }
}
