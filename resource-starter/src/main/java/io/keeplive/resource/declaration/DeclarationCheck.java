package io.keeplive.resource.declaration;

import java.util.HashSet;
import java.util.Set;

/**
 * Refuses inconsistent declarations when they are built (at startup), so a typo in an attribute
 * name never becomes a runtime surprise. Cross-resource checks (a parent condition names an
 * attribute of the parent) run when all declarations are registered.
 */
final class DeclarationCheck {

  private DeclarationCheck() {}

  static void check(ResourceDeclaration declaration) {
    Set<String> names = new HashSet<>();
    for (Attribute attribute : declaration.attributes()) {
      if (!names.add(attribute.name())) {
        fail(declaration, "duplicate attribute " + attribute.name());
      }
    }
    checkCondition(declaration, declaration.readPolicy(), false);
    Set<String> actionNames = new HashSet<>();
    for (Action action : declaration.actions()) {
      if (!actionNames.add(action.name())) {
        fail(declaration, "duplicate action " + action.name());
      }
      checkCondition(declaration, action.policy(), true);
      for (Effect effect : action.effects()) {
        declaration.require(effect.attribute());
        if (effect.value() instanceof Term.Argument argument
            && action.arguments().stream().noneMatch(a -> a.name().equals(argument.name()))) {
          fail(declaration, action.name() + " writes undeclared argument " + argument.name());
        }
      }
    }
    for (Publication publication : declaration.publications()) {
      publication
          .variable()
          .filter(v -> !v.equals(Publication.PKEY) && !v.equals(Publication.TENANT))
          .ifPresent(declaration::require);
    }
    declaration
        .nestedUnder()
        .ifPresent(
            reference -> {
              if (!declaration.references().containsKey(reference)) {
                fail(declaration, "nestedUnder(" + reference + ") is not a reference");
              }
            });
  }

  private static void checkCondition(
      ResourceDeclaration declaration, Policy policy, boolean write) {
    for (Policy.Grant grant : policy.grants()) {
      check(declaration, grant.condition(), write);
    }
  }

  private static void check(ResourceDeclaration declaration, Condition condition, boolean write) {
    if (condition instanceof Condition.Equal equal) {
      checkTerm(declaration, equal.left(), write);
      checkTerm(declaration, equal.right(), write);
    } else if (condition instanceof Condition.IsNull isNull) {
      checkTerm(declaration, isNull.term(), write);
    } else if (condition instanceof Condition.Contains contains) {
      checkTerm(declaration, contains.set(), write);
      checkTerm(declaration, contains.element(), write);
    } else if (condition instanceof Condition.AllOf all) {
      all.conditions().forEach(c -> check(declaration, c, write));
    } else if (condition instanceof Condition.AnyOf any) {
      any.conditions().forEach(c -> check(declaration, c, write));
    } else if (condition instanceof Condition.Parent parent) {
      if (write) {
        fail(declaration, "write policies check the row only; nest the action instead");
      }
      if (!declaration.references().containsKey(parent.reference())) {
        fail(declaration, parent.reference() + " is not a reference");
      }
    }
  }

  private static void checkTerm(ResourceDeclaration declaration, Term term, boolean write) {
    if (term instanceof Term.Attr attr) {
      declaration.require(attr.name());
    } else if (term instanceof Term.Argument && !write) {
      fail(declaration, "a read policy cannot use action arguments");
    }
  }

  private static void fail(ResourceDeclaration declaration, String message) {
    throw new IllegalArgumentException(declaration.name() + ": " + message);
  }
}
