package io.keeplive.contracts.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who is calling, as proven by a verified token. The tenant of every read, write, topic and
 * subscription comes from here and nowhere else.
 *
 * @param user the {@code sub} claim
 * @param tenant the {@code tenant} claim
 * @param roles the {@code roles} claim, in token order
 * @param expiresAt the {@code exp} claim
 * @param token the compact token this identity was verified from, so services can act as this user
 *     when calling each other
 */
public record Identity(
    String user, String tenant, List<String> roles, Instant expiresAt, String token) {

  public static final String ADMIN = "admin";
  public static final String AGENT = "agent";
  public static final String VIEWER = "viewer";

  public Identity {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(tenant, "tenant");
    roles = List.copyOf(roles);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Same person in the same tenant: the only identity a session may refresh its token to. */
  public boolean samePrincipalAs(Identity other) {
    return user.equals(other.user) && tenant.equals(other.tenant);
  }

  @Override
  public String toString() {
    // Never print the token.
    return "Identity[user=" + user + ", tenant=" + tenant + ", roles=" + roles + "]";
  }
}
