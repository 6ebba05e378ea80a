package io.keeplive.resource.outbox;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.store.Sql;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The outbox protocol of docs/architecture.md, in three statements of the writing transaction:
 *
 * <ol>
 *   <li>{@code pg_advisory_xact_lock(hashtext('keeplive.outbox:' || tenant))}, held until commit,
 *       so a tenant's positions commit in position order;
 *   <li>one {@code INSERT} of all entries, {@code position} drawn from {@code outbox_position_seq}
 *       in entry order after the lock, {@code shard = Notifications.shardOf(tenant)};
 *   <li>{@code pg_notify('keeplive_outbox', '<shard>')}, delivered by Postgres only on commit.
 * </ol>
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
    return lock(tenant).then(insert(tenant, shard, entries)).then(notifyShard(shard));
  }

  private Mono<Void> lock(String tenant) {
    return database
        .sql("SELECT pg_advisory_xact_lock(hashtext('keeplive.outbox:' || $1::text))")
        .bind(0, tenant)
        .then();
  }

  private Mono<Void> insert(String tenant, int shard, List<OutboxEntry> entries) {
    Sql sql = new Sql();
    sql.append(
        "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
            + " record_id, topics, changed, actor_id, traceparent) VALUES ");
    for (int i = 0; i < entries.size(); i++) {
      OutboxEntry entry = entries.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append("(nextval('outbox_position_seq'), ")
          .append(sql.param(entry.id(), AttributeType.UUID))
          .append(", ")
          .append(sql.param(shard, AttributeType.INTEGER))
          .append("::smallint, ")
          .append(sql.param(tenant, AttributeType.TEXT))
          .append(", ")
          .append(sql.param(entry.resource(), AttributeType.TEXT))
          .append(", ")
          .append(sql.param(entry.action(), AttributeType.TEXT))
          .append(", ")
          .append(sql.param(entry.actionType().wireName(), AttributeType.TEXT))
          .append(", ")
          .append(sql.param(entry.recordId(), AttributeType.TEXT))
          .append(", ")
          .append(sql.textArray(entry.topics()))
          .append(", ")
          .append(sql.textArray(entry.changed()))
          .append(", ")
          .append(sql.param(entry.actorId(), AttributeType.TEXT))
          .append(", ")
          .append(sql.param(entry.traceparent(), AttributeType.TEXT))
          .append(")");
    }
    return sql.on(database).then();
  }

  private Mono<Void> notifyShard(int shard) {
    return database
        .sql("SELECT pg_notify('keeplive_outbox', $1::text)")
        .bind(0, Integer.toString(shard))
        .then();
  }
}
