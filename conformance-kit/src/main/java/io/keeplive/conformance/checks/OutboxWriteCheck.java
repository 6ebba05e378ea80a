package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import io.keeplive.conformance.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write commits its outbox row in its own transaction, with what the relay and the gateway need;
 * a refused write commits none (backend-contract.md §1, "What a backend guarantees").
 */
@ExtendWith(BackendExtension.class)
class OutboxWriteCheck {

  @Test
  void aCreateCommitsOneOutboxRowNamingTenantResourceRecordActorAndShard(Backend backend) {
    String tenant = Backend.newTenant();
    String id = backend.create(tenant, "kit-writer");
    try (Connection connection = backend.database()) {
      List<Outbox.Row> rows =
          Outbox.of(connection, tenant).stream().filter(r -> r.recordId().equals(id)).toList();
      assertThat(rows).as("outbox rows of the created record " + id).hasSize(1);
      Outbox.Row row = rows.get(0);
      assertThat(row.resource()).isEqualTo(backend.fixture().resource());
      assertThat(row.actionType()).isEqualTo("create");
      assertThat(row.action()).isNotBlank();
      assertThat(row.actorId()).isEqualTo("kit-writer");
      assertThat(row.shard()).as("shard of tenant " + tenant).isEqualTo(Backend.shardOf(tenant));
      assertThat(row.topics()).as("topics").isNotEmpty().allMatch(t -> !t.isBlank());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theOutboxRowIsWrittenByTheTransactionThatWroteTheRow(Backend backend) throws Exception {
    String tenant = Backend.newTenant();
    String id = backend.create(tenant, "kit-writer");
    try (Connection connection = backend.database()) {
      assertThat(Outbox.sameTransactionAsRow(connection, backend.fixture().table(), tenant, id))
          .as(
              "outbox row of "
                  + id
                  + " inserted by the transaction that inserted the row in "
                  + backend.fixture().table()
                  + " (outbox.xid against the row's xmin)")
          .isTrue();
    }
  }

  @Test
  void aRefusedWriteCommitsNoOutboxRow(Backend backend) throws Exception {
    String tenant = Backend.newTenant();
    Backend.Answer refused =
        backend.post(
            backend.fixture().createPath(),
            backend.fixture().refusedBody(),
            Map.of("Authorization", "Bearer " + backend.user("kit-writer", tenant)));
    assertThat(refused.status()).as("status of the refused create").isBetween(400, 499);
    assertThat(refused.isProblem()).as("answered as application/problem+json").isTrue();
    try (Connection connection = backend.database()) {
      assertThat(Outbox.of(connection, tenant)).as("outbox rows of the tenant").isEmpty();
    }
  }
}
