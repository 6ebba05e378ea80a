package io.keeplive.resource.outbox;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.store.Sql;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The outbox protocol of docs/architecture.md, as one statement (one round trip) at the end of the
 * writing transaction:
 *
 * <ol>
 *   <li>the CTE {@code tenant_lock} takes {@code pg_advisory_xact_lock(hashtext('keeplive.outbox:'
 *       || tenant))}, held until commit, so a tenant's positions commit in position order;
 *   <li>{@code appended} inserts all entries; the rows are produced by joining {@code tenant_lock},
 *       so the lock is held before the first {@code nextval('outbox_position_seq')}, and positions
 *       follow entry order ({@code ORDER BY ord}: Postgres evaluates volatile output expressions
 *       after sorting); {@code shard = Notifications.shardOf(tenant)};
 *   <li>the outer {@code SELECT pg_notify('keeplive_outbox', '<shard>')}, delivered by Postgres
 *       only on commit.
 * </ol>
 *
 * One statement instead of three matters because the outbox is on every write's path: on a loopback
 * connection the round trips, not the work, dominate the cost of these statements.
 */
public final class PostgresOutboxWriter implements OutboxWriter {

  private final DatabaseClient database;

  public PostgresOutboxWriter(DatabaseClient database) {
    this.database = database;
  }

  @Override
  public Mono<Void> append(String tenant, List<OutboxEntry> entries) {
    if (entries.isEmpty()) {
      return Mono.empty();
    }
    int shard = Notifications.shardOf(tenant);
    Sql sql = new Sql();
    String tenantParam = sql.param(tenant, AttributeType.TEXT);
    String shardParam = sql.param(shard, AttributeType.INTEGER);
    sql.append("WITH tenant_lock AS (SELECT pg_advisory_xact_lock(hashtext('keeplive.outbox:' || ")
        .append(tenantParam)
        .append("::text)) AS locked), appended AS (")
        .append(
            "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
                + " record_id, topics, changed, actor_id, traceparent)"
                + " SELECT nextval('outbox_position_seq'), e.id, ")
        .append(shardParam)
        .append("::smallint, ")
        .append(tenantParam)
        .append(
            "::text, e.resource, e.action, e.action_type, e.record_id, e.topics, e.changed,"
                + " e.actor_id, e.traceparent FROM tenant_lock, (VALUES ");
    for (int i = 0; i < entries.size(); i++) {
      OutboxEntry entry = entries.get(i);
      sql.append(i == 0 ? "(" : ", (")
          .append(Integer.toString(i))
          .append(", ")
          .append(sql.param(entry.id(), AttributeType.UUID))
          .append("::uuid, ")
          .append(sql.param(entry.resource(), AttributeType.TEXT))
          .append("::text, ")
          .append(sql.param(entry.action(), AttributeType.TEXT))
          .append("::text, ")
          .append(sql.param(entry.actionType().wireName(), AttributeType.TEXT))
          .append("::text, ")
          .append(sql.param(entry.recordId(), AttributeType.TEXT))
          .append("::text, ")
          .append(sql.textArray(entry.topics()))
          .append("::text[], ")
          .append(sql.textArray(entry.changed()))
          .append("::text[], ")
          .append(sql.param(entry.actorId(), AttributeType.TEXT))
          .append("::text, ")
          .append(sql.param(entry.traceparent(), AttributeType.TEXT))
          .append("::text)");
    }
    sql.append(
            ") AS e(ord, id, resource, action, action_type, record_id, topics, changed, actor_id,"
                + " traceparent) ORDER BY e.ord RETURNING shard)"
                + " SELECT pg_notify('keeplive_outbox', ")
        .append(shardParam)
        .append("::text) FROM (SELECT 1 FROM appended LIMIT 1) AS written");
    return sql.on(database).then();
  }
}
