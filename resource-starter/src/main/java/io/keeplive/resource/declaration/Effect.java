package io.keeplive.resource.declaration;

import java.util.Objects;

/**
 * What an action does to one attribute of the locked row. An effect whose value is an {@link
 * Term.Argument} the client did not send is skipped (that is how PATCH leaves attributes alone).
 */
public sealed interface Effect {

  String attribute();

  Term value();

  /** Sets the attribute. */
  record Assign(String attribute, Term value) implements Effect {
    public Assign {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Adds an element to a set attribute (no-op when present). */
  record AddTo(String attribute, Term value) implements Effect {
    public AddTo {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Removes an element from a set attribute (no-op when absent). */
  record RemoveFrom(String attribute, Term value) implements Effect {
    public RemoveFrom {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
    }
  }
}
