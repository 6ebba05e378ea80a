package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import io.keeplive.conformance.Outbox;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A tenant's outbox rows become visible in position order, and a commit wakes the relay on channel
 * {@code keeplive_outbox} with the tenant's shard (backend-contract.md §1).
 */
@ExtendWith(BackendExtension.class)
class OutboxOrderCheck {

  private static final int WRITES = 40;

  /**
   * Concurrent writes of one tenant while the outbox is read over and over: a position that appears
   * after a higher one of the same tenant was already visible would be skipped by a reader that
   * resumes after the highest position it saw. It is a race, so a pass is evidence, not proof; a
   * failure is a real violation.
   */
  @Test
  void aTenantsPositionsNeverBecomeVisibleBehindAHigherOne(Backend backend) throws Exception {
    String tenant = Backend.newTenant();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> violations = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (Connection reader = backend.database()) {
      List<CompletableFuture<String>> writes = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        writes.add(
            CompletableFuture.supplyAsync(() -> backend.create(tenant, "kit-writer"), writers));
      }
      CompletableFuture<Void> all =
          CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
              .whenComplete((done, failure) -> writing.set(false));
      Set<Long> seen = new HashSet<>();
      long highest = Long.MIN_VALUE;
      boolean last = false;
      while (!last) {
        last = !writing.get();
        long highestBefore = highest;
        for (Outbox.Row row : Outbox.of(reader, tenant)) {
          if (seen.add(row.position()) && row.position() < highestBefore) {
            violations.add(
                "position " + row.position() + " appeared after " + highestBefore + " was visible");
          }
          highest = Math.max(highest, row.position());
        }
      }
      all.join();
      assertThat(seen).as("outbox rows of the tenant's " + WRITES + " writes").hasSize(WRITES);
    } finally {
      writers.shutdownNow();
    }
    assertThat(violations).as("positions that became visible out of order").isEmpty();
  }

  @Test
  void aCommittedWriteNotifiesChannelKeepliveOutboxWithTheTenantsShard(Backend backend)
      throws Exception {
    String tenant = Backend.newTenant();
    String shard = Integer.toString(Backend.shardOf(tenant));
    try (Connection listener = backend.database()) {
      try (Statement statement = listener.createStatement()) {
        statement.execute("LISTEN keeplive_outbox");
      }
      backend.create(tenant, "kit-writer");
      PGConnection notifications = listener.unwrap(PGConnection.class);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      List<String> payloads = new ArrayList<>();
      while (!payloads.contains(shard) && Instant.now().isBefore(deadline)) {
        PGNotification[] received = notifications.getNotifications(500);
        if (received != null) {
          for (PGNotification notification : received) {
            payloads.add(notification.getParameter());
          }
        }
      }
      assertThat(payloads).as("NOTIFY keeplive_outbox payloads after the write").contains(shard);
    }
  }
}
