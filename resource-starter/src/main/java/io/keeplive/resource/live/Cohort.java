package io.keeplive.resource.live;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Term;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The opaque key of the policy inputs that decide what an actor sees of a resource. Two actors with
 * equal cohorts get identical rows for equal queries: same tenant, same applicable grants, and the
 * same user id whenever a grant looks at the user. An admin's grant is unconditional, so all admins
 * of a tenant share one cohort; agents and viewers are per user.
 */
public final class Cohort {

  private Cohort() {}

  public static String of(ResourceDeclaration resource, Identity actor) {
    List<Policy.Grant> grants = resource.readPolicy().grantsFor(actor.roles());
    StringBuilder key = new StringBuilder(resource.name()).append('\n').append(actor.tenant());
    if (grants.stream().anyMatch(g -> g.condition() instanceof Condition.Always)) {
      key.append("\n*");
    } else {
      List<Policy.Grant> all = resource.readPolicy().grants();
      for (Policy.Grant grant : grants) {
        key.append('\n').append(all.indexOf(grant));
      }
      if (grants.stream().anyMatch(g -> usesActor(g.condition()))) {
        key.append("\nuser:").append(actor.user());
      }
    }
    return digest(key.toString());
  }

  private static boolean usesActor(Condition condition) {
    if (condition instanceof Condition.Equal equal) {
      return equal.left() instanceof Term.ActorUser || equal.right() instanceof Term.ActorUser;
    }
    if (condition instanceof Condition.Contains contains) {
      return contains.element() instanceof Term.ActorUser
          || contains.set() instanceof Term.ActorUser;
    }
    if (condition instanceof Condition.AllOf all) {
      return all.conditions().stream().anyMatch(Cohort::usesActor);
    }
    if (condition instanceof Condition.AnyOf any) {
      return any.conditions().stream().anyMatch(Cohort::usesActor);
    }
    if (condition instanceof Condition.Parent parent) {
      return usesActor(parent.condition());
    }
    return false;
  }

  private static String digest(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
