package io.keeplive.resource.write.internal;

import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The row-changing statements of the write path, appended to a statement that may already hold the
 * outbox's {@code WITH} prefix. Every value is a parameter; identifiers come from the declaration.
 * The database sets {@code version} and the timestamps.
 */
public final class RowStatements {

  private RowStatements() {}

  /** {@code INSERT … RETURNING *} of a new record at version 1. */
  public static void insert(ResourceDeclaration resource, Map<String, Object> row, Sql sql) {
    List<String> columns = new ArrayList<>(row.keySet());
    List<String> values = new ArrayList<>();
    for (String column : columns) {
      values.add(sql.param(row.get(column), resource.require(column).type()));
    }
    columns.addAll(
        List.of(
            ResourceDeclaration.VERSION,
            ResourceDeclaration.CREATED_AT,
            ResourceDeclaration.UPDATED_AT));
    values.addAll(List.of("1", "now()", "now()"));
    sql.append("INSERT INTO ")
        .append(resource.table())
        .append(" (")
        .append(String.join(", ", columns))
        .append(") VALUES (")
        .append(String.join(", ", values))
        .append(") RETURNING *");
  }

  /** {@code UPDATE … RETURNING *} of the changed attributes, version + 1. */
  public static void update(
      ResourceDeclaration resource, Map<String, Object> old, Map<String, Object> changes, Sql sql) {
    sql.append("UPDATE ").append(resource.table()).append(" SET ");
    String assignments =
        changes.entrySet().stream()
            .map(
                change ->
                    change.getKey()
                        + " = "
                        + sql.param(change.getValue(), resource.require(change.getKey()).type()))
            .collect(Collectors.joining(", "));
    sql.append(assignments)
        .append(", version = version + 1, updated_at = now() WHERE tenant_id = ")
        .append(sql.param(old.get(ResourceDeclaration.TENANT), AttributeType.TEXT))
        .append(" AND id = ")
        .append(sql.param(old.get(ResourceDeclaration.ID), AttributeType.UUID))
        .append(" RETURNING *");
  }

  /** {@code DELETE} of one record of a tenant. */
  public static void delete(ResourceDeclaration resource, String tenant, Object id, Sql sql) {
    sql.append("DELETE FROM ")
        .append(resource.table())
        .append(" WHERE tenant_id = ")
        .append(sql.param(tenant, AttributeType.TEXT))
        .append(" AND id = ")
        .append(sql.param(id, AttributeType.UUID));
  }
}
