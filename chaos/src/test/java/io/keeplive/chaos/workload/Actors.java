package io.keeplive.chaos.workload;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's tenants and users: per tenant an admin, two agents and a viewer, each with a token
 * signed with the cluster's secret as an identity provider would sign it.
 */
public final class Actors {

  /** One user of one tenant. */
  public record User(String name, String tenant, String role) {
    public boolean isAdmin() {
      return role.equals("admin");
    }
  }

  /** One tenant: its users and (after setup) its conversation. */
  public record Tenant(String id, List<User> users) {
    public User admin() {
      return users.get(0);
    }

    public User agent(int index) {
      return users.get(index);
    }

    /** The agent whose membership of the conversation the workload toggles. */
    public User toggledMember() {
      return users.get(2);
    }
  }

  private final TokenIssuer issuer;
  private final List<Tenant> tenants = new ArrayList<>();

  public Actors(String jwtSecret, int tenantCount, String runId) {
    this.issuer = TokenIssuer.hs256(JwtSettings.hs256(jwtSecret));
    for (int t = 0; t < tenantCount; t++) {
      String tenant = "chaos-" + runId + "-" + t;
      tenants.add(
          new Tenant(
              tenant,
              List.of(
                  new User("admin-" + t, tenant, "admin"),
                  new User("agent1-" + t, tenant, "agent"),
                  new User("agent2-" + t, tenant, "agent"),
                  new User("viewer-" + t, tenant, "viewer"))));
    }
  }

  public List<Tenant> tenants() {
    return List.copyOf(tenants);
  }

  public List<User> users() {
    return tenants.stream().flatMap(t -> t.users().stream()).toList();
  }

  public String token(User user) {
    return issuer.issue(user.name(), user.tenant(), List.of(user.role()), Duration.ofHours(2));
  }
}
