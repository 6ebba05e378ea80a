package io.keeplive.resource.policy;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.store.Sql;

/**
 * Where a rendered policy takes the actor's policy inputs from: bound parameters for one known
 * actor, or the columns of an actors relation when one statement serves many actors.
 */
public sealed interface ActorSql {

  String tenant(Sql sql);

  String user(Sql sql);

  /** A boolean SQL expression: the actor has this role. */
  String hasRole(String role, Sql sql);

  static ActorSql of(Identity actor) {
    return new Bound(actor);
  }

  /**
   * The columns {@code tenant_id}, {@code user_id} and {@code roles} (text[]) of the relation
   * aliased {@code alias}.
   */
  static ActorSql columnsOf(String alias) {
    return new Columns(alias);
  }

  /** One actor known when the statement is built. */
  record Bound(Identity actor) implements ActorSql {
    @Override
    public String tenant(Sql sql) {
      return sql.param(actor.tenant(), AttributeType.TEXT);
    }

    @Override
    public String user(Sql sql) {
      return sql.param(actor.user(), AttributeType.TEXT);
    }

    @Override
    public String hasRole(String role, Sql sql) {
      return actor.hasRole(role) ? "TRUE" : "FALSE";
    }
  }

  /** Many actors, one row each in a relation joined to the query. */
  record Columns(String alias) implements ActorSql {
    @Override
    public String tenant(Sql sql) {
      return alias + ".tenant_id";
    }

    @Override
    public String user(Sql sql) {
      return alias + ".user_id";
    }

    @Override
    public String hasRole(String role, Sql sql) {
      return "(" + sql.param(role, AttributeType.TEXT) + " = ANY(" + alias + ".roles))";
    }
  }
}
