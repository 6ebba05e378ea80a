package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RunningRelay;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

  private RunningRelay running;
  private Postgres.Database database;
  private OutboxWrites writes;
  private TopicReader reader;

  @BeforeEach
  void start() {
    running = RunningRelay.start("relay");
    database = running.database;
    writes = running.writes;
    reader = running.reader;
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void committedOutboxRowsReachKafkaKeyedByTenantAsCloudEventsAndTheOutboxEmpties() {
    String acme = "acme-" + UUID.randomUUID();
    String globex = "globex-" + UUID.randomUUID();
    List<OutboxWrites.Written> written = new ArrayList<>();
    written.addAll(writes.commit(acme, 3));
    written.addAll(writes.commit(globex, 2));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> reader.poll().size() >= written.size() && writes.remaining() == 0);

    List<TopicReader.Seen> seen = reader.seen();
    assertThat(seen).hasSize(written.size());
    for (OutboxWrites.Written row : written) {
      TopicReader.Seen record =
          seen.stream().filter(s -> s.event().id().equals(row.id())).findFirst().orElseThrow();
      assertThat(record.key()).isEqualTo(row.tenant());
      assertThat(record.event().tenant()).isEqualTo(row.tenant());
      assertThat(record.event().recordId()).isEqualTo(row.recordId());
      assertThat(record.event().eventType()).isEqualTo("keeplive.tickets.update");
      assertThat(record.event().actionType()).isEqualTo(ActionType.UPDATE);
      assertThat(record.event().topics()).containsExactly("tickets", "ticket:" + row.recordId());
      assertThat(record.event().changed()).containsExactly("status");
      assertThat(record.event().actorId()).isEqualTo("alice");
      // §4.1: the gateways confirm syncs against the position the write drew.
      assertThat(record.event().position()).isEqualTo(row.position());
      assertThat(record.headers())
          .containsEntry("ce_id", row.id().toString())
          .containsEntry("ce_type", "keeplive.tickets.update")
          .containsEntry("content-type", NotificationCodec.CONTENT_TYPE)
          .containsEntry("traceparent", record.event().traceparent());
    }
    assertThat(new String(rawValueOf(seen.get(0)))).contains("\"subject\"", "\"tenantid\"");
    assertThat(writes.remaining()).isZero();
  }

  @Test
  void oneTenantsNotificationsArriveInCommitOrderOnOnePartition() {
    String tenant = "ordered-" + UUID.randomUUID();
    List<UUID> committed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.commit(tenant, 5).forEach(row -> committed.add(row.id()));
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= committed.size());

    assertThat(reader.seen().stream().map(TopicReader.Seen::partition).distinct()).hasSize(1);
    assertThat(reader.firstDeliveryOrderByTenant().get(tenant)).isEqualTo(committed);
  }

  private static byte[] rawValueOf(TopicReader.Seen seen) {
    return NotificationCodec.encode(seen.event());
  }

  static String ids(List<UUID> ids) {
    return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
  }
}
