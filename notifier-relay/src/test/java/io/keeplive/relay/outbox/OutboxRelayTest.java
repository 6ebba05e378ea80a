package io.keeplive.relay.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.RunningRelay;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Postgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

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

  @Test
  void theEventEncodedByTheWriterIsForwardedByteForByte() throws Exception {
    String tenant = "encoded-" + UUID.randomUUID();
    // Valid CloudEvents JSON, but not as the codec would write it (pretty-printed): a relay that
    // encoded the event again from the row's columns would send other bytes.
    OutboxWrites.Written row;
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      row =
          OutboxWrites.writeWithPayload(connection, tenant, 1, OutboxRelayTest::prettyPrinted)
              .get(0);
      connection.commit();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> !reader.poll().isEmpty());

    TopicReader.Seen seen = reader.seen().get(0);
    String value = new String(seen.value(), StandardCharsets.UTF_8);
    assertThat(value).startsWith("{\n  \"specversion\"");
    assertThat(seen.event().id()).isEqualTo(row.id());
    assertThat(seen.headers()).containsEntry("ce_id", row.id().toString());
    assertThat(seen.key()).isEqualTo(tenant);
  }

  @Test
  void rowsWrittenWithoutAnEncodedEventAreEncodedByTheRelay() throws Exception {
    String tenant = "legacy-" + UUID.randomUUID();
    OutboxWrites.Written row;
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      row = OutboxWrites.writeWithoutPayload(connection, tenant, 1).get(0);
      connection.commit();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> !reader.poll().isEmpty());

    TopicReader.Seen seen = reader.seen().get(0);
    assertThat(seen.event())
        .isEqualTo(
            OutboxWrites.eventOf(row.id(), tenant, row.recordId(), seen.event().occurredAt()));
    assertThat(seen.value()).isEqualTo(NotificationCodec.encode(seen.event()));
    assertThat(writes.remaining()).isZero();
  }

  private static byte[] prettyPrinted(ResourceChanged event) {
    String compact = new String(NotificationCodec.encode(event), StandardCharsets.UTF_8);
    return JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValueAsBytes(JsonMapper.builder().build().readTree(compact));
  }

  private static byte[] rawValueOf(TopicReader.Seen seen) {
    return seen.value();
  }

  static String ids(List<UUID> ids) {
    return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
  }
}
