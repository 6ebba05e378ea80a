package io.keeplive.resource.policy;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.declaration.Term;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Evaluates policies in memory on a record: write policies on the locked row, and read policies
 * wherever the SQL rendering needs a twin to be checked against (the property test proves they
 * agree).
 */
public final class PolicyEvaluator {

  /** Finds the parent record a {@link Condition.Parent} refers to (tenant-scoped), if any. */
  @FunctionalInterface
  public interface Parents {
    Optional<Map<String, Object>> find(ResourceDeclaration parent, String tenant, Object id);

    static Parents none() {
      return (parent, tenant, id) -> {
        throw new IllegalStateException("this check cannot look up parent records");
      };
    }
  }

  private final Resources resources;

  public PolicyEvaluator(Resources resources) {
    this.resources = resources;
  }

  /** Whether {@code actor} may read {@code row} of {@code resource}. */
  public boolean canRead(
      ResourceDeclaration resource, Identity actor, Map<String, Object> row, Parents parents) {
    if (!actor.tenant().equals(row.get(ResourceDeclaration.TENANT))) {
      return false;
    }
    return allows(resource, resource.readPolicy(), actor, row, Map.of(), parents);
  }

  /** Whether {@code policy} lets {@code actor} act on {@code row} with these arguments. */
  public boolean allows(
      ResourceDeclaration resource,
      Policy policy,
      Identity actor,
      Map<String, Object> row,
      Map<String, Object> arguments,
      Parents parents) {
    for (Policy.Grant grant : policy.grantsFor(actor.roles())) {
      if (holds(resource, grant.condition(), actor, row, arguments, parents)) {
        return true;
      }
    }
    return false;
  }

  private boolean holds(
      ResourceDeclaration resource,
      Condition condition,
      Identity actor,
      Map<String, Object> row,
      Map<String, Object> arguments,
      Parents parents) {
    if (condition instanceof Condition.Always) {
      return true;
    }
    if (condition instanceof Condition.Equal equal) {
      Object left = value(equal.left(), actor, row, arguments);
      Object right = value(equal.right(), actor, row, arguments);
      return left != null && right != null && same(left, right);
    }
    if (condition instanceof Condition.IsNull isNull) {
      return value(isNull.term(), actor, row, arguments) == null;
    }
    if (condition instanceof Condition.Contains contains) {
      Object set = value(contains.set(), actor, row, arguments);
      Object element = value(contains.element(), actor, row, arguments);
      return set instanceof Collection<?> values
          && element != null
          && values.stream().anyMatch(v -> v != null && same(v, element));
    }
    if (condition instanceof Condition.AllOf all) {
      return all.conditions().stream()
          .allMatch(c -> holds(resource, c, actor, row, arguments, parents));
    }
    if (condition instanceof Condition.AnyOf any) {
      return any.conditions().stream()
          .anyMatch(c -> holds(resource, c, actor, row, arguments, parents));
    }
    if (condition instanceof Condition.Parent parent) {
      Object id = row.get(parent.reference());
      if (id == null) {
        return false;
      }
      ResourceDeclaration target = resources.parentOf(resource, parent.reference());
      String tenant = (String) row.get(ResourceDeclaration.TENANT);
      return parents
          .find(target, tenant, id)
          .filter(p -> tenant.equals(p.get(ResourceDeclaration.TENANT)))
          .map(p -> holds(target, parent.condition(), actor, p, Map.of(), parents))
          .orElse(false);
    }
    throw new IllegalStateException("unknown condition " + condition);
  }

  private static Object value(
      Term term, Identity actor, Map<String, Object> row, Map<String, Object> arguments) {
    if (term instanceof Term.Attr attr) {
      return row.get(attr.name());
    }
    if (term instanceof Term.Argument argument) {
      return arguments.get(argument.name());
    }
    if (term instanceof Term.ActorUser) {
      return actor.user();
    }
    return ((Term.Value) term).value();
  }

  private static boolean same(Object left, Object right) {
    if (left instanceof UUID || right instanceof UUID) {
      return left.toString().equals(right.toString());
    }
    return left.equals(right);
  }
}
