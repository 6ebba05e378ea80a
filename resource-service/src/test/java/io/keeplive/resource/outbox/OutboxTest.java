package io.keeplive.resource.outbox;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class OutboxTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");

  @BeforeAll
  static void sabotageWritesOfOneActor() {
    // Fails any transaction whose outbox row is by actor "saboteur", AFTER the row change and the
    // outbox insert have both happened: the whole write must roll back.
    RunningService.shared()
        .execute(
            """
            CREATE OR REPLACE FUNCTION sabotage() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.actor_id = 'saboteur' THEN
                RAISE EXCEPTION 'sabotaged write';
              END IF;
              RETURN NEW;
            END $$;
            CREATE OR REPLACE TRIGGER sabotage AFTER INSERT ON outbox
              FOR EACH ROW EXECUTE FUNCTION sabotage();
            """);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }

  private List<Map<String, Object>> outbox() {
    return RunningService.shared()
        .query(
            "SELECT position, id, shard, tenant_id, resource, action, action_type, record_id, topics,"
                + " changed, actor_id, occurred_at, traceparent, xid::text AS xid"
                + " FROM outbox WHERE tenant_id = ? ORDER BY position",
            tenant);
  }

  @Test
  void aCreateCommitsOneOutboxRowInTheSameTransactionWithEverythingTheRelayNeeds() {
    Map<String, Object> row =
        admin
            .request(HttpMethod.POST, "/api/tickets")
            .header("traceparent", TRACEPARENT)
            .bodyValue("{\"title\":\"t\",\"assignee_id\":\"bob\"}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    List<Map<String, Object>> outbox = outbox();
    assertThat(outbox).hasSize(1);
    Map<String, Object> entry = outbox.get(0);
    assertThat(entry)
        .containsEntry("shard", Notifications.shardOf(tenant))
        .containsEntry("resource", "tickets")
        .containsEntry("action", "create")
        .containsEntry("action_type", "create")
        .containsEntry("record_id", row.get("id"))
        .containsEntry("actor_id", "ada")
        .containsEntry("traceparent", TRACEPARENT)
        .containsEntry("topics", List.of("tickets", "ticket:" + row.get("id"), "tickets:user:bob"));
    assertThat(strings(entry.get("changed")))
        .containsExactly("title", "status", "assignee_id", "created_by");
    List<Map<String, Object>> ticketXid =
        RunningService.shared()
            .query(
                "SELECT xmin::text AS xmin FROM tickets WHERE tenant_id = ? AND id = ?::uuid",
                tenant,
                row.get("id"));
    assertThat(entry.get("xid").toString()).endsWith(ticketXid.get(0).get("xmin").toString());
  }

  @Test
  void aReassignmentNotifiesTheOldAndTheNewAssignee() {
    Object id = admin.createTicket("{\"title\":\"t\",\"assignee_id\":\"bob\"}").get("id");
    admin.ok(HttpMethod.POST, "/api/tickets/" + id + "/assign", "{\"assignee_id\":\"carol\"}");
    Map<String, Object> entry = outbox().get(1);
    assertThat(entry).containsEntry("action", "assign").containsEntry("action_type", "update");
    assertThat(strings(entry.get("topics")))
        .containsExactlyInAnyOrder(
            "tickets", "ticket:" + id, "tickets:user:bob", "tickets:user:carol");
    assertThat(strings(entry.get("changed"))).containsExactly("assignee_id");
    assertThat(entry.get("traceparent")).isNull();
  }

  @Test
  void aDestroyPublishesTheTopicsOfTheOldRow() {
    Object id = admin.createTicket("{\"title\":\"t\",\"assignee_id\":\"bob\"}").get("id");
    admin.send(HttpMethod.DELETE, "/api/tickets/" + id, null).expectStatus().isNoContent();
    Map<String, Object> entry = outbox().get(1);
    assertThat(entry).containsEntry("action", "destroy").containsEntry("action_type", "destroy");
    assertThat(strings(entry.get("topics")))
        .containsExactly("tickets", "ticket:" + id, "tickets:user:bob");
  }

  @Test
  void aWriteThatFailsAfterItsOutboxInsertLeavesNeitherRowNorOutboxRow() {
    Api saboteur = Api.as("saboteur", tenant, "admin");
    problem(saboteur.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"never\"}"), 500, null);
    assertThat(admin.list("/api/tickets")).isEmpty();

    Object id = admin.createTicket("{\"title\":\"before\"}").get("id");
    problem(
        saboteur.send(HttpMethod.PATCH, "/api/tickets/" + id, "{\"title\":\"after\"}"), 500, null);
    assertThat(admin.ok(HttpMethod.GET, "/api/tickets/" + id, null))
        .containsEntry("title", "before")
        .containsEntry("version", 1);
    problem(
        saboteur.send(HttpMethod.POST, "/api/tickets/bulk-close", "{\"ids\":[\"" + id + "\"]}"),
        500,
        null);
    saboteur.send(HttpMethod.DELETE, "/api/tickets/" + id, null).expectStatus().is5xxServerError();
    assertThat(admin.ok(HttpMethod.GET, "/api/tickets/" + id, null))
        .containsEntry("status", "open");
    assertThat(outbox()).hasSize(1).allSatisfy(e -> assertThat(e).containsEntry("actor_id", "ada"));
  }

  @Test
  void positionsOfOneTenantFollowCommitOrder() {
    for (int i = 0; i < 5; i++) {
      admin.createTicket("{\"title\":\"t" + i + "\"}");
    }
    List<Map<String, Object>> outbox = outbox();
    assertThat(outbox).extracting(e -> (Long) e.get("position")).isSorted();
    assertThat(outbox)
        .extracting(e -> ((java.sql.Timestamp) e.get("occurred_at")).toInstant())
        .isSorted();
  }
}
