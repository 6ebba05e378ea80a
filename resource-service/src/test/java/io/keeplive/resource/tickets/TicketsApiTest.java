package io.keeplive.resource.tickets;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

class TicketsApiTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");
  private final Api agent = Api.as("bob", tenant, "agent");

  private long ticketsInTenant() {
    return (Long)
        RunningService.shared()
            .query("SELECT count(*) AS n FROM tickets WHERE tenant_id = ?", tenant)
            .get(0)
            .get("n");
  }

  private long outboxRowsInTenant() {
    return (Long)
        RunningService.shared()
            .query("SELECT count(*) AS n FROM outbox WHERE tenant_id = ?", tenant)
            .get(0)
            .get("n");
  }

  @Test
  void createAnswers201WithTheRowItsDefaultsAndTheTokensTenant() {
    Map<String, Object> row = agent.createTicket("{\"title\":\"Printer on fire\"}");
    assertThat(row)
        .containsEntry("title", "Printer on fire")
        .containsEntry("status", "open")
        .containsEntry("assignee_id", null)
        .containsEntry("created_by", "bob")
        .containsEntry("tenant_id", tenant)
        .containsEntry("version", 1)
        .containsKeys("id", "created_at", "updated_at");
    assertThat(row.get("created_at")).isEqualTo(row.get("updated_at"));
  }

  @Test
  void createAcceptsStatusAndAssignee() {
    Map<String, Object> row =
        agent.createTicket("{\"title\":\"t\",\"status\":\"in_progress\",\"assignee_id\":\"bob\"}");
    assertThat(row).containsEntry("status", "in_progress").containsEntry("assignee_id", "bob");
  }

  @Test
  void badCreateBodiesAreProblemsNamingTheFieldAndWriteNothing() {
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"t\",\"colour\":\"red\"}"),
        400,
        "colour");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"t\",\"tenant_id\":\"other\"}"),
        400,
        "tenant_id");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"t\",\"created_by\":\"eve\"}"),
        400,
        "created_by");
    problem(agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":42}"), 400, "title");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"" + "x".repeat(201) + "\"}"),
        422,
        "title");
    problem(agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"\"}"), 422, "title");
    problem(agent.send(HttpMethod.POST, "/api/tickets", "{}"), 422, "title");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"t\",\"status\":\"done\"}"),
        422,
        "status");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"t\",\"assignee_id\":7}"),
        400,
        "assignee_id");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"t\",\"status\":null}"),
        422,
        "status");
    problem(agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":"), 400, "body");
    problem(agent.send(HttpMethod.POST, "/api/tickets", "[1,2]"), 400, "body");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"a\",\"title\":\"b\"}"),
        400,
        "body");
    problem(agent.send(HttpMethod.POST, "/api/tickets", null), 400, "body");
    assertThat(ticketsInTenant()).isZero();
    assertThat(outboxRowsInTenant()).isZero();
  }

  @Test
  void aCreateRetriedWithTheSameIdempotencyKeyReturnsTheFirstResultAndWritesOnce() {
    String body = "{\"title\":\"once\"}";
    Map<String, Object> first =
        agent
            .request(HttpMethod.POST, "/api/tickets")
            .header("Idempotency-Key", "k-1")
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    Map<String, Object> second =
        agent
            .request(HttpMethod.POST, "/api/tickets")
            .header("Idempotency-Key", "k-1")
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(second).isEqualTo(first);
    assertThat(ticketsInTenant()).isEqualTo(1);
    assertThat(outboxRowsInTenant()).isEqualTo(1);

    problem(
        agent
            .request(HttpMethod.POST, "/api/tickets")
            .header("Idempotency-Key", "k-1")
            .bodyValue("{\"title\":\"something else\"}")
            .exchange(),
        422,
        "Idempotency-Key");
    // Another user's identical key is a different key.
    Api.as("carol", tenant, "agent")
        .request(HttpMethod.POST, "/api/tickets")
        .header("Idempotency-Key", "k-1")
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated();
    assertThat(ticketsInTenant()).isEqualTo(2);
  }

  @Test
  void concurrentCreatesWithOneIdempotencyKeyCreateOneTicket() {
    List<Object> ids =
        reactor.core.publisher.Flux.range(0, 6)
            .flatMap(
                i ->
                    reactor.core.publisher.Mono.fromCallable(
                            () ->
                                agent
                                    .request(HttpMethod.POST, "/api/tickets")
                                    .header("Idempotency-Key", "race")
                                    .bodyValue("{\"title\":\"raced\"}")
                                    .exchange()
                                    .expectStatus()
                                    .isCreated()
                                    .expectBody(Map.class)
                                    .returnResult()
                                    .getResponseBody()
                                    .get("id"))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
            .collectList()
            .block();
    assertThat(ids).hasSize(6).containsOnly(ids.get(0));
    assertThat(ticketsInTenant()).isEqualTo(1);
    assertThat(outboxRowsInTenant()).isEqualTo(1);
  }

  @Test
  void listFiltersByEqualityAndMembershipSortsWithIdTiebreakAndLimits() {
    Object a =
        admin
            .createTicket("{\"title\":\"a\",\"status\":\"open\",\"assignee_id\":\"bob\"}")
            .get("id");
    Object b = admin.createTicket("{\"title\":\"b\",\"status\":\"in_progress\"}").get("id");
    Object c =
        admin
            .createTicket("{\"title\":\"c\",\"status\":\"closed\",\"assignee_id\":\"zed\"}")
            .get("id");

    assertThat(admin.ids("/api/tickets?status=open")).containsExactly(a);
    assertThat(admin.ids("/api/tickets?status=open,in_progress&sort=created_at"))
        .containsExactly(a, b);
    assertThat(admin.ids("/api/tickets?status=open&status=closed&sort=-created_at"))
        .containsExactly(c, a);
    assertThat(admin.ids("/api/tickets?assignee_id=zed")).containsExactly(c);
    assertThat(admin.ids("/api/tickets?created_by=ada&sort=-updated_at")).containsExactly(c, b, a);
    assertThat(admin.ids("/api/tickets?sort=created_at&limit=2")).containsExactly(a, b);
    assertThat(admin.ids("/api/tickets?created_by=nobody")).isEmpty();
    List<Object> byStatus = admin.ids("/api/tickets?sort=status");
    assertThat(byStatus).containsExactly(c, b, a);
  }

  @Test
  void badListParametersAreProblemsNamingTheParameter() {
    problem(admin.send(HttpMethod.GET, "/api/tickets?title=x", null), 400, "title");
    problem(admin.send(HttpMethod.GET, "/api/tickets?colour=x", null), 400, "colour");
    problem(admin.send(HttpMethod.GET, "/api/tickets?status=done", null), 422, "status");
    problem(admin.send(HttpMethod.GET, "/api/tickets?sort=title", null), 400, "sort");
    problem(admin.send(HttpMethod.GET, "/api/tickets?sort=-nope", null), 400, "sort");
    problem(admin.send(HttpMethod.GET, "/api/tickets?limit=0", null), 422, "limit");
    problem(admin.send(HttpMethod.GET, "/api/tickets?limit=501", null), 422, "limit");
    problem(admin.send(HttpMethod.GET, "/api/tickets?limit=many", null), 400, "limit");
    problem(
        admin.send(HttpMethod.GET, "/api/tickets?created_at=yesterday", null), 400, "created_at");
  }

  @Test
  void listLimitDefaultsTo100AndAcceptsUpTo500() {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      values
          .append(i == 0 ? "" : ",")
          .append("('")
          .append(tenant)
          .append("', gen_random_uuid(), 't', 'open', NULL, 'ada', 1, now(), now())");
    }
    RunningService.shared()
        .execute(
            "INSERT INTO tickets (tenant_id, id, title, status, assignee_id, created_by, version,"
                + " created_at, updated_at) VALUES "
                + values);
    assertThat(admin.list("/api/tickets")).hasSize(100);
    assertThat(admin.list("/api/tickets?limit=500")).hasSize(120);
  }

  @Test
  void getAnswersTheRowOr404AndABadIdIs400() {
    Map<String, Object> row = agent.createTicket("{\"title\":\"mine\"}");
    assertThat(agent.ok(HttpMethod.GET, "/api/tickets/" + row.get("id"), null)).isEqualTo(row);
    problem(
        agent.send(HttpMethod.GET, "/api/tickets/00000000-0000-0000-0000-000000000000", null),
        404,
        null);
    problem(agent.send(HttpMethod.GET, "/api/tickets/not-a-uuid", null), 400, "id");
  }

  @Test
  void patchUpdatesBumpsVersionAndHonoursIfMatchBareOrQuoted() {
    Map<String, Object> row = agent.createTicket("{\"title\":\"old\"}");
    String path = "/api/tickets/" + row.get("id");
    Map<String, Object> updated =
        agent
            .request(HttpMethod.PATCH, path)
            .header(HttpHeaders.IF_MATCH, "1")
            .bodyValue("{\"title\":\"new\"}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(updated).containsEntry("title", "new").containsEntry("version", 2);
    assertThat(Instant.parse((String) updated.get("updated_at")))
        .isAfter(Instant.parse((String) row.get("updated_at")));

    agent
        .request(HttpMethod.PATCH, path)
        .header(HttpHeaders.IF_MATCH, "\"2\"")
        .bodyValue("{\"status\":\"in_progress\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(3)
        .jsonPath("$.status")
        .isEqualTo("in_progress")
        .jsonPath("$.title")
        .isEqualTo("new");

    problem(
        agent
            .request(HttpMethod.PATCH, path)
            .header(HttpHeaders.IF_MATCH, "2")
            .bodyValue("{\"title\":\"x\"}")
            .exchange(),
        412,
        "If-Match");
    problem(
        agent
            .request(HttpMethod.PATCH, path)
            .header(HttpHeaders.IF_MATCH, "two")
            .bodyValue("{\"title\":\"x\"}")
            .exchange(),
        400,
        "If-Match");
    problem(agent.send(HttpMethod.PATCH, path, "{\"assignee_id\":\"bob\"}"), 400, "assignee_id");
    problem(agent.send(HttpMethod.PATCH, path, "{\"version\":9}"), 400, "version");
    problem(
        agent.send(HttpMethod.PATCH, path, "{\"title\":\"" + "y".repeat(201) + "\"}"),
        422,
        "title");
    assertThat(agent.ok(HttpMethod.GET, path, null))
        .containsEntry("version", 3)
        .containsEntry("title", "new");
  }

  @Test
  void aPatchThatChangesNothingChangesNoRowAndNotifiesNoTopic() {
    Map<String, Object> row = agent.createTicket("{\"title\":\"same\"}");
    long before = outboxRowsInTenant();
    Map<String, Object> after =
        agent.ok(HttpMethod.PATCH, "/api/tickets/" + row.get("id"), "{\"title\":\"same\"}");
    assertThat(after).isEqualTo(row);
    // Its only outbox row draws it a position (SPEC §4.1) and publishes to no topic.
    assertThat(outboxRowsInTenant()).isEqualTo(before + 1);
    assertThat(
            RunningService.shared()
                .query(
                    "SELECT cardinality(topics) AS n FROM outbox WHERE tenant_id = ?"
                        + " ORDER BY position DESC LIMIT 1",
                    tenant)
                .get(0))
        .containsEntry("n", 0);
  }

  @Test
  void assignIsACustomAction() {
    Map<String, Object> row = admin.createTicket("{\"title\":\"unassigned\"}");
    String path = "/api/tickets/" + row.get("id") + "/assign";
    problem(agent.send(HttpMethod.POST, path, "{}"), 422, "assignee_id");
    problem(agent.send(HttpMethod.POST, path, "{\"assignee_id\":\"bob\",\"x\":1}"), 400, "x");
    assertThat(agent.ok(HttpMethod.POST, path, "{\"assignee_id\":\"bob\"}"))
        .containsEntry("assignee_id", "bob")
        .containsEntry("version", 2);
    assertThat(admin.ok(HttpMethod.POST, path, "{\"assignee_id\":null}"))
        .containsEntry("assignee_id", null);
  }

  @Test
  void deleteAnswers204AndTheRowIsGone() {
    Map<String, Object> row = agent.createTicket("{\"title\":\"doomed\"}");
    String path = "/api/tickets/" + row.get("id");
    admin.send(HttpMethod.DELETE, path, null).expectStatus().isNoContent();
    problem(admin.send(HttpMethod.GET, path, null), 404, null);
    problem(admin.send(HttpMethod.DELETE, path, null), 404, null);
  }

  @Test
  void bulkCloseClosesAllInOneTransactionWithOneOutboxRowEach() {
    Object a = admin.createTicket("{\"title\":\"a\"}").get("id");
    Object b = admin.createTicket("{\"title\":\"b\",\"status\":\"in_progress\"}").get("id");
    long before = outboxRowsInTenant();
    Map<String, Object> answer =
        admin.ok(
            HttpMethod.POST, "/api/tickets/bulk-close", "{\"ids\":[\"" + a + "\",\"" + b + "\"]}");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) answer.get("rows");
    assertThat(rows).extracting(r -> r.get("status")).containsExactly("closed", "closed");
    assertThat(outboxRowsInTenant()).isEqualTo(before + 2);
    List<Map<String, Object>> outbox =
        RunningService.shared()
            .query(
                "SELECT action, action_type, record_id, xid::text AS xid FROM outbox WHERE tenant_id = ?"
                    + " AND action = 'close' ORDER BY position",
                tenant);
    assertThat(outbox).extracting(r -> r.get("record_id")).containsExactly(a, b);
    assertThat(outbox).extracting(r -> r.get("action_type")).containsOnly("update");
    assertThat(outbox).extracting(r -> r.get("xid")).containsOnly(outbox.get(0).get("xid"));
  }

  @Test
  void bulkCloseWithAnInvisibleOrMissingIdClosesNothing() {
    Object mine = agent.createTicket("{\"title\":\"mine\"}").get("id");
    Object theirs =
        Api.as("carol", tenant, "agent")
            .createTicket("{\"title\":\"theirs\",\"assignee_id\":\"carol\"}")
            .get("id");
    long before = outboxRowsInTenant();
    problem(
        agent.send(
            HttpMethod.POST,
            "/api/tickets/bulk-close",
            "{\"ids\":[\"" + mine + "\",\"" + theirs + "\"]}"),
        404,
        "ids");
    problem(agent.send(HttpMethod.POST, "/api/tickets/bulk-close", "{\"ids\":[]}"), 422, "ids");
    problem(
        agent.send(HttpMethod.POST, "/api/tickets/bulk-close", "{\"ids\":[\"x\"]}"), 400, "ids");
    problem(agent.send(HttpMethod.POST, "/api/tickets/bulk-close", "{\"ids\":\"x\"}"), 400, "ids");
    assertThat(agent.ok(HttpMethod.GET, "/api/tickets/" + mine, null))
        .containsEntry("status", "open");
    assertThat(outboxRowsInTenant()).isEqualTo(before);
  }

  @Test
  void requestsWithoutAValidTokenAre401Problems() {
    var client = RunningService.shared().client();
    problem(client.get().uri("/api/tickets").exchange(), 401, null);
    problem(
        client
            .get()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, "Bearer nonsense")
            .exchange(),
        401,
        null);
    problem(
        client.get().uri("/api/tickets").header(HttpHeaders.AUTHORIZATION, "Basic abc").exchange(),
        401,
        null);
    String expired = TestTokens.expiringAt(Instant.now().minusSeconds(60), "bob", tenant, "agent");
    Map<String, Object> problem =
        problem(
            client
                .get()
                .uri("/api/tickets")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + expired)
                .exchange(),
            401,
            null);
    assertThat((String) problem.get("detail")).contains("expired");
    String otherSecret =
        io.keeplive.contracts.identity.TokenIssuer.hs256(
                io.keeplive.contracts.identity.JwtSettings.hs256(
                    "another-secret-another-secret-another-secret"))
            .issue("bob", tenant, List.of("admin"), java.time.Duration.ofMinutes(5));
    problem(
        client
            .post()
            .uri("/api/tickets")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + otherSecret)
            .header(HttpHeaders.CONTENT_TYPE, "application/json")
            .bodyValue("{\"title\":\"x\"}")
            .exchange(),
        401,
        null);
    assertThat(ticketsInTenant()).isZero();
  }

  @Test
  void anOversizedBodyIsAProblemAndWritesNothing() {
    String huge = "{\"title\":\"" + "x".repeat(300_000) + "\"}";
    Map<String, Object> problem =
        problem(agent.send(HttpMethod.POST, "/api/tickets", huge), 413, "body");
    assertThat(problem).containsEntry("code", "payload_too_large");
    assertThat(ticketsInTenant()).isZero();
  }

  @Test
  void unknownRoutesAreProblemsToo() {
    problem(admin.send(HttpMethod.GET, "/api/nothing-here", null), 404, null);
    problem(
        admin.send(HttpMethod.PUT, "/api/tickets/00000000-0000-0000-0000-000000000000", "{}"),
        404,
        null);
  }
}
