package io.keeplive.resource.declaration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may do something: a list of grants, each for one role (or for everyone) under a condition. An
 * actor is allowed when any grant that applies to one of its roles has a true condition; an actor
 * none of whose grants applies is refused outright.
 */
public record Policy(List<Grant> grants) {

  /**
   * @param role the role the grant is for, or empty for every authenticated actor
   * @param condition what must hold for the record
   */
  public record Grant(Optional<String> role, Condition condition) {
    public Grant {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(condition, "condition");
    }

    public boolean appliesTo(List<String> roles) {
      return role.isEmpty() || roles.contains(role.get());
    }
  }

  public Policy {
    grants = List.copyOf(grants);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every authenticated actor, under one condition. */
  public static Policy everyone(Condition condition) {
    return new Policy(List.of(new Grant(Optional.empty(), condition)));
  }

  /** This policy plus a grant for every authenticated actor under {@code condition}. */
  public Policy orEveryone(Condition condition) {
    List<Grant> extended = new ArrayList<>(grants);
    extended.add(new Grant(Optional.empty(), condition));
    return new Policy(extended);
  }

  /** The grants that apply to an actor with these roles. */
  public List<Grant> grantsFor(List<String> roles) {
    return grants.stream().filter(grant -> grant.appliesTo(roles)).toList();
  }

  /** The roles named by the grants, in declaration order. */
  public List<String> roles() {
    return grants.stream().flatMap(grant -> grant.role().stream()).distinct().toList();
  }

  public static final class Builder {
    private final List<Grant> grants = new ArrayList<>();

    private Builder() {}

    public Builder role(String role, Condition condition) {
      grants.add(new Grant(Optional.of(role), condition));
      return this;
    }

    public Builder role(String role) {
      return role(role, Condition.always());
    }

    public Policy build() {
      return new Policy(grants);
    }
  }
}
