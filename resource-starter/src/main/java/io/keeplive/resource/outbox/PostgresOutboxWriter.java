package io.keeplive.resource.outbox;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.store.Sql;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The outbox protocol of docs/architecture.md, written into the writing transaction's one
 * row-changing statement ({@link #prefix}) or, where a write has no single such statement (bulk
 * updates), as a statement of its own at the end of the transaction ({@link #append}). Either way
 * the append is one {@code WITH} clause:
 *
 * <ol>
 *   <li>the CTE {@code tenant_lock} takes {@code pg_advisory_xact_lock(hashtext('keeplive.outbox:'
 *       || tenant))}, held until commit, so a tenant's positions commit in position order, and
 *       calls {@code pg_notify('keeplive_outbox', '<shard>')}, which Postgres delivers only on
 *       commit;
 *   <li>{@code appended} inserts all entries; the rows are produced by joining {@code tenant_lock},
 *       so the lock is held (and the notification queued) before the first {@code
 *       nextval('outbox_position_seq')}, and positions follow entry order ({@code ORDER BY ord}:
 *       Postgres evaluates volatile output expressions after sorting); {@code shard =
 *       Notifications.shardOf(tenant)}.
 * </ol>
 *
 * A data-modifying CTE runs exactly once and to completion whether or not the rest of the statement
 * reads it, so {@code appended} (and through it {@code tenant_lock}) runs in front of any statement
 * that follows the clause. One statement instead of several matters because the outbox is on every
 * write's path: on a loopback connection the round trips, not the work, dominate its cost.
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
    Sql sql = new Sql();
    prefix(sql, tenant, entries);
    sql.append(" SELECT count(*) FROM appended");
    return sql.on(database).then();
  }

  /**
   * {@code currval} is the session's last {@code nextval}: the caller's transaction holds the
   * session, and positions are drawn in entry order, so this is its highest position.
   */
  @Override
  public Mono<Long> lastPosition() {
    return database
        .sql("SELECT currval('outbox_position_seq') AS position")
        .map(row -> row.get("position", Long.class))
        .one();
  }

  @Override
  public boolean prefix(Sql sql, String tenant, List<OutboxEntry> entries) {
    if (entries.isEmpty()) {
      return true;
    }
    int shard = Notifications.shardOf(tenant);
    String tenantParam = sql.param(tenant, AttributeType.TEXT);
    String shardParam = sql.param(shard, AttributeType.INTEGER);
    sql.append("WITH tenant_lock AS (SELECT pg_advisory_xact_lock(hashtext('keeplive.outbox:' || ")
        .append(tenantParam)
        .append("::text)) AS locked, pg_notify('keeplive_outbox', ")
        .append(shardParam)
        .append("::text) AS notified), appended AS (")
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
            + " traceparent) ORDER BY e.ord RETURNING position)");
    return true;
  }
}
