package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RunningRelay;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariants 2 and 3 of the outbox package note, with transactions interleaved on purpose. */
class CommitOrderTest {

  private RunningRelay running;
  private Postgres.Database database;
  private OutboxWrites writes;
  private TopicReader reader;

  @BeforeEach
  void start() {
    running = RunningRelay.start("relay_order");
    database = running.database;
    writes = running.writes;
    reader = running.reader;
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void aLowerPositionWithALowerXidThatCommitsAfterAHigherOneOnTheSameShardIsStillPublished()
      throws Exception {
    List<String> tenants = OutboxWrites.tenantsOnOneShard("interleaved-" + UUID.randomUUID(), 2);
    assertThat(Notifications.shardOf(tenants.get(0)))
        .isEqualTo(Notifications.shardOf(tenants.get(1)));
    try (Connection early = database.connect();
        Connection late = database.connect()) {
      early.setAutoCommit(false);
      late.setAutoCommit(false);
      // "early" gets the lower position and the lower xid, but commits last.
      OutboxWrites.Written low = OutboxWrites.write(early, tenants.get(0), 1).get(0);
      OutboxWrites.Written high = OutboxWrites.write(late, tenants.get(1), 1).get(0);
      assertThat(low.position()).isLessThan(high.position());
      assertThat(xid(early)).isLessThan(xid(late));
      late.commit();

      // The relay publishes the higher position while the lower one is still invisible ...
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(high.id())));
      assertThat(reader.seen()).noneMatch(s -> s.event().id().equals(low.id()));

      // ... and still publishes the lower one once it commits: nothing is skipped.
      early.commit();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(low.id())));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> writes.remaining() == 0);
  }

  @Test
  void twoConcurrentTransactionsOfOneTenantArePublishedInTheirCommitOrder() throws Exception {
    String tenant = "serial-" + UUID.randomUUID();
    try (Connection first = database.connect();
        Connection second = database.connect()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      List<OutboxWrites.Written> firstRows = OutboxWrites.write(first, tenant, 3);
      // The second transaction blocks on the tenant's outbox lock until the first commits.
      CompletableFuture<List<OutboxWrites.Written>> secondRows =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  List<OutboxWrites.Written> rows = OutboxWrites.write(second, tenant, 3);
                  second.commit();
                  return rows;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !secondRows.isDone());
      first.commit();
      List<UUID> commitOrder =
          Stream.concat(firstRows.stream(), secondRows.get().stream())
              .map(OutboxWrites.Written::id)
              .toList();

      await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= 6);
      assertThat(reader.firstDeliveryOrderByTenant().get(tenant)).isEqualTo(commitOrder);
    }
  }

  private static long xid(Connection connection) throws Exception {
    try (ResultSet rs =
        connection.createStatement().executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
