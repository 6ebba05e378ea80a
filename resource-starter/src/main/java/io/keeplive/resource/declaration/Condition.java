package io.keeplive.resource.declaration;

import java.util.List;
import java.util.Objects;

/**
 * A policy condition. The same tree is rendered to a SQL {@code WHERE} fragment (read policies,
 * enforced by Postgres) and evaluated in memory (write policies, and the property test that both
 * agree). It has no negation on purpose: SQL's NULL then behaves exactly like Java's false.
 */
public sealed interface Condition {

  record Always() implements Condition {}

  /** Both sides are non-null and equal. */
  record Equal(Term left, Term right) implements Condition {
    public Equal {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  record IsNull(Term term) implements Condition {
    public IsNull {
      Objects.requireNonNull(term, "term");
    }
  }

  /** A set attribute contains a (non-null) value. */
  record Contains(Term set, Term element) implements Condition {
    public Contains {
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(element, "element");
    }
  }

  record AllOf(List<Condition> conditions) implements Condition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }
  }

  record AnyOf(List<Condition> conditions) implements Condition {
    public AnyOf {
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * The record referenced by {@code reference} (a declared reference attribute, e.g. {@code
   * conversation_id}) exists in the same tenant and satisfies {@code condition}, whose {@link
   * Term.Attr} terms are attributes of that parent record.
   */
  record Parent(String reference, Condition condition) implements Condition {
    public Parent {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(condition, "condition");
    }
  }

  static Condition always() {
    return new Always();
  }

  static Condition equal(Term left, Term right) {
    return new Equal(left, right);
  }

  /** The attribute equals the acting user's id. */
  static Condition isActor(String attribute) {
    return new Equal(Term.attr(attribute), Term.actor());
  }

  static Condition isNull(String attribute) {
    return new IsNull(Term.attr(attribute));
  }

  /** The set attribute contains the acting user's id. */
  static Condition containsActor(String setAttribute) {
    return new Contains(Term.attr(setAttribute), Term.actor());
  }

  static Condition allOf(Condition... conditions) {
    return new AllOf(List.of(conditions));
  }

  static Condition anyOf(Condition... conditions) {
    return new AnyOf(List.of(conditions));
  }

  static Condition parent(String reference, Condition condition) {
    return new Parent(reference, condition);
  }
}
