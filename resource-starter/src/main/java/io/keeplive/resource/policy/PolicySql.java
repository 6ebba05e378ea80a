package io.keeplive.resource.policy;

import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.declaration.Term;
import io.keeplive.resource.store.Sql;
import java.util.List;
import java.util.UUID;

/**
 * Renders read policies as SQL boolean expressions over a table alias, so Postgres enforces them in
 * the {@code WHERE} clause of every read and never returns a row the actor may not see.
 */
public final class PolicySql {

  private final Resources resources;

  public PolicySql(Resources resources) {
    this.resources = resources;
  }

  /**
   * {@code (role test AND condition) OR …} over all grants of the resource's read policy; {@code
   * FALSE} without grants.
   */
  public void appendReadFilter(
      ResourceDeclaration resource, String alias, ActorSql actor, Sql sql) {
    appendPolicy(resource, resource.readPolicy(), alias, actor, sql);
  }

  void appendPolicy(
      ResourceDeclaration resource, Policy policy, String alias, ActorSql actor, Sql sql) {
    List<Policy.Grant> grants = policy.grants();
    if (grants.isEmpty()) {
      sql.append("FALSE");
      return;
    }
    sql.append("(");
    for (int i = 0; i < grants.size(); i++) {
      Policy.Grant grant = grants.get(i);
      if (i > 0) {
        sql.append(" OR ");
      }
      sql.append("(");
      if (grant.role().isPresent()) {
        sql.append(actor.hasRole(grant.role().get(), sql)).append(" AND ");
      }
      appendCondition(resource, grant.condition(), alias, actor, sql);
      sql.append(")");
    }
    sql.append(")");
  }

  private void appendCondition(
      ResourceDeclaration resource, Condition condition, String alias, ActorSql actor, Sql sql) {
    if (condition instanceof Condition.Always) {
      sql.append("TRUE");
    } else if (condition instanceof Condition.Equal equal) {
      sql.append("(")
          .append(term(resource, equal.left(), alias, actor, sql))
          .append(" = ")
          .append(term(resource, equal.right(), alias, actor, sql))
          .append(")");
    } else if (condition instanceof Condition.IsNull isNull) {
      sql.append("(").append(term(resource, isNull.term(), alias, actor, sql)).append(" IS NULL)");
    } else if (condition instanceof Condition.Contains contains) {
      String element = term(resource, contains.element(), alias, actor, sql);
      String set = term(resource, contains.set(), alias, actor, sql);
      sql.append("(").append(element).append(" = ANY(").append(set).append("))");
    } else if (condition instanceof Condition.AllOf all) {
      appendJunction(resource, all.conditions(), " AND ", "TRUE", alias, actor, sql);
    } else if (condition instanceof Condition.AnyOf any) {
      appendJunction(resource, any.conditions(), " OR ", "FALSE", alias, actor, sql);
    } else if (condition instanceof Condition.Parent parent) {
      ResourceDeclaration target = resources.parentOf(resource, parent.reference());
      String parentAlias = sql.alias("p");
      sql.append("EXISTS (SELECT 1 FROM ")
          .append(target.table())
          .append(" ")
          .append(parentAlias)
          .append(" WHERE ")
          .append(parentAlias)
          .append(".tenant_id = ")
          .append(alias)
          .append(".tenant_id AND ")
          .append(parentAlias)
          .append(".id = ")
          .append(alias)
          .append(".")
          .append(parent.reference())
          .append(" AND ");
      appendCondition(target, parent.condition(), parentAlias, actor, sql);
      sql.append(")");
    } else {
      throw new IllegalStateException("unknown condition " + condition);
    }
  }

  private void appendJunction(
      ResourceDeclaration resource,
      List<Condition> conditions,
      String operator,
      String empty,
      String alias,
      ActorSql actor,
      Sql sql) {
    if (conditions.isEmpty()) {
      sql.append(empty);
      return;
    }
    sql.append("(");
    for (int i = 0; i < conditions.size(); i++) {
      if (i > 0) {
        sql.append(operator);
      }
      appendCondition(resource, conditions.get(i), alias, actor, sql);
    }
    sql.append(")");
  }

  private static String term(
      ResourceDeclaration resource, Term term, String alias, ActorSql actor, Sql sql) {
    if (term instanceof Term.Attr attr) {
      Attribute attribute = resource.require(attr.name());
      return alias + "." + attribute.name();
    }
    if (term instanceof Term.ActorUser) {
      return actor.user(sql);
    }
    if (term instanceof Term.Value value) {
      return sql.param(value.value(), typeOf(value.value()));
    }
    throw new IllegalArgumentException("a read policy cannot use " + term);
  }

  private static AttributeType typeOf(Object value) {
    if (value instanceof UUID) {
      return AttributeType.UUID;
    }
    if (value instanceof Integer) {
      return AttributeType.INTEGER;
    }
    return AttributeType.TEXT;
  }
}
