package com.example.projects;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.resource.outbox.OutboxEntry;
import io.keeplive.resource.outbox.OutboxWriter;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A deliberately broken outbox for {@link ProjectsConformanceTest}: it commits every outbox row on
 * a connection of its own, in a transaction of its own, before the write's transaction commits. A
 * write that then fails would still notify, and a relay could publish a change nobody committed.
 * Added as a source of its own instance; deliberately not a {@code @Configuration}, which the
 * application's component scan would pick up in every test.
 */
class OutboxOutsideTheTransaction {

  @Bean
  OutboxWriter brokenOutboxWriter(ConnectionFactory connections) {
    return new OutboxWriter() {
      @Override
      public Mono<Void> append(String tenant, List<OutboxEntry> entries) {
        return Mono.usingWhen(
            Mono.from(connections.create()),
            connection -> Flux.fromIterable(entries).concatMap(e -> insert(connection, e)).then(),
            Connection::close);
      }
    };
  }

  private static Mono<Long> insert(Connection connection, OutboxEntry entry) {
    return Mono.from(
            connection
                .createStatement(
                    "INSERT INTO outbox (position, id, shard, tenant_id, resource, action,"
                        + " action_type, record_id, topics, changed, actor_id) VALUES"
                        + " (nextval('outbox_position_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10)")
                .bind("$1", entry.id())
                .bind("$2", (short) Notifications.shardOf(entry.tenant()))
                .bind("$3", entry.tenant())
                .bind("$4", entry.resource())
                .bind("$5", entry.action())
                .bind("$6", entry.actionType().wireName())
                .bind("$7", entry.recordId())
                .bind("$8", entry.topics().toArray(String[]::new))
                .bind("$9", entry.changed().toArray(String[]::new))
                .bind("$10", entry.actorId())
                .execute())
        .flatMap(result -> Mono.from(result.getRowsUpdated()));
  }
}
