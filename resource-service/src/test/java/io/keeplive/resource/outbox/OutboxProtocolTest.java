package io.keeplive.resource.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.Notifications;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.store.Sql;
import io.keeplive.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The outbox protocol of {@link PostgresOutboxWriter} when it runs inside the caller's statement
 * ({@link OutboxWriter#prefix}): the per-tenant lock orders concurrent transactions of one tenant,
 * the NOTIFY goes out on commit, and a statement that fails appends nothing.
 */
class OutboxProtocolTest {

  private final RunningService service = RunningService.shared();
  private final DatabaseClient database = service.context().getBean(DatabaseClient.class);
  private final TransactionalOperator transactions =
      TransactionalOperator.create(service.context().getBean(ReactiveTransactionManager.class));
  private final OutboxWriter writer = new PostgresOutboxWriter(database);
  private final String tenant = TestTokens.randomTenant();

  private OutboxEntry entry(String recordId) {
    return new OutboxEntry(
        UUID.randomUUID(),
        tenant,
        "tickets",
        "update",
        ActionType.UPDATE,
        recordId,
        List.of("tickets"),
        "ada",
        List.of("title"),
        null);
  }

  /** The writer's clause in front of {@code statement}, run in the caller's transaction. */
  private Mono<Void> prefixed(OutboxEntry entry, String statement) {
    return Mono.defer(
        () -> {
          Sql sql = new Sql();
          assertThat(writer.prefix(sql, tenant, List.of(entry))).isTrue();
          sql.append(" ").append(statement);
          return sql.on(database).then();
        });
  }

  private long advisoryLocks(boolean granted) {
    return ((Number)
            service
                .query(
                    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND granted = ? AND database ="
                        + " (SELECT oid FROM pg_database WHERE datname = current_database())",
                    granted)
                .get(0)
                .get("n"))
        .longValue();
  }

  private List<String> recordIdsInPositionOrder() {
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> row :
        service.query(
            "SELECT record_id FROM outbox WHERE tenant_id = ? ORDER BY position", tenant)) {
      ids.add((String) row.get("record_id"));
    }
    return ids;
  }

  @Test
  void aSecondTransactionOfTheTenantWaitsForTheFirstToCommitAndGetsTheHigherPosition() {
    long grantedBefore = advisoryLocks(true);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    CompletableFuture<Void> first =
        transactions
            .transactional(prefixed(entry("first"), "SELECT 1").then(Mono.fromFuture(gate)))
            .toFuture();
    // The first holds the tenant's lock (and has drawn its position) but has not committed.
    await().atMost(Duration.ofSeconds(30)).until(() -> advisoryLocks(true) > grantedBefore);

    CompletableFuture<Void> second =
        transactions.transactional(prefixed(entry("second"), "SELECT 1")).toFuture();
    await().atMost(Duration.ofSeconds(30)).until(() -> advisoryLocks(false) > 0);
    assertThat(second).isNotDone();

    gate.complete(null);
    first.join();
    second.join();
    assertThat(recordIdsInPositionOrder()).containsExactly("first", "second");
  }

  @Test
  void theNotificationGoesOutOnCommit() throws Exception {
    try (Connection listener = service.database().connect();
        Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + Notifications.NOTIFY_CHANNEL);
      transactions.transactional(prefixed(entry("notified"), "SELECT 1")).block();
      String shard = Integer.toString(Notifications.shardOf(tenant));
      List<String> received = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                PGNotification[] notifications =
                    listener.unwrap(PGConnection.class).getNotifications(100);
                if (notifications != null) {
                  for (PGNotification notification : notifications) {
                    received.add(notification.getParameter());
                  }
                }
                return received.contains(shard);
              });
    }
  }

  @Test
  void aStatementThatFailsAppendsNothing() {
    assertThatThrownBy(
            () ->
                transactions
                    .transactional(prefixed(entry("failed"), "SELECT 1 / 0 AS never"))
                    .block())
        .isNotNull();
    assertThat(recordIdsInPositionOrder()).isEmpty();
  }
}
