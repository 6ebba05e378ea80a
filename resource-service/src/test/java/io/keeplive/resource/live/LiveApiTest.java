package io.keeplive.resource.live;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The live API contract of docs/architecture.md. */
class LiveApiTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");
  private final Api admin2 = Api.as("abe", tenant, "admin");
  private final Api bob = Api.as("bob", tenant, "agent");
  private final Api carol = Api.as("carol", tenant, "agent");
  private final Api vic = Api.as("vic", tenant, "viewer");

  private Object carols;
  private Object unassigned;
  private Object vics;

  @BeforeEach
  void tickets() {
    carols = admin.createTicket("{\"title\":\"c\",\"assignee_id\":\"carol\"}").get("id");
    unassigned = admin.createTicket("{\"title\":\"u\",\"status\":\"in_progress\"}").get("id");
    vics = vic.createTicket("{\"title\":\"v\"}").get("id");
  }

  private Map<String, Object> plan(Api actor, String body) {
    return actor.ok(HttpMethod.POST, "/api/live/plan", body);
  }

  @Test
  void planOfAListSubscriptionNamesKindTopicsCohortAndTheNormalizedQuery() {
    Map<String, Object> plan =
        plan(
            admin,
            "{\"resource\":\"tickets\",\"filter\":{\"status\":\"open\"},\"sort\":[\"-updated_at\"],\"limit\":50}");
    assertThat(plan)
        .containsEntry("resource", "tickets")
        .containsEntry("kind", "list")
        .containsEntry("topics", List.of("tickets"))
        .containsEntry(
            "query",
            Map.of(
                "filter", Map.of("status", "open"), "sort", List.of("-updated_at"), "limit", 50));
    assertThat(plan(admin, "{\"resource\":\"tickets\"}").get("query"))
        .isEqualTo(Map.of("filter", Map.of(), "sort", List.of(), "limit", 100));
    assertThat(
            plan(
                    admin,
                    "{\"resource\":\"tickets\",\"filter\":{\"status\":{\"in\":[\"open\",\"closed\"]}}}")
                .get("query"))
        .isEqualTo(
            Map.of(
                "filter",
                Map.of("status", Map.of("in", List.of("open", "closed"))),
                "sort",
                List.of(),
                "limit",
                100));
  }

  @Test
  void anAssigneeFilterNarrowsTheTopicsToThatAssignee() {
    assertThat(
            plan(bob, "{\"resource\":\"tickets\",\"filter\":{\"assignee_id\":\"carol\"}}")
                .get("topics"))
        .isEqualTo(List.of("tickets:user:carol"));
    assertThat(
            plan(
                    bob,
                    "{\"resource\":\"tickets\",\"filter\":{\"assignee_id\":{\"in\":[\"a\",\"b\"]}}}")
                .get("topics"))
        .isEqualTo(List.of("tickets:user:a", "tickets:user:b"));
    assertThat(
            plan(bob, "{\"resource\":\"tickets\",\"filter\":{\"assignee_id\":null}}").get("topics"))
        .isEqualTo(List.of("tickets"));
  }

  @Test
  void planOfARecordSubscriptionListensOnTheRecordTopic() {
    Map<String, Object> plan = plan(bob, "{\"resource\":\"tickets\",\"key\":\"" + carols + "\"}");
    assertThat(plan)
        .containsEntry("kind", "record")
        .containsEntry("topics", List.of("ticket:" + carols))
        .containsEntry("query", Map.of("key", carols));
  }

  @Test
  void cohortsGroupActorsWithEqualPolicyInputs() {
    String body = "{\"resource\":\"tickets\"}";
    Object adminCohort = plan(admin, body).get("cohort");
    assertThat(plan(admin2, body).get("cohort")).isEqualTo(adminCohort);
    assertThat(plan(bob, body).get("cohort")).isEqualTo(plan(bob, body).get("cohort"));
    assertThat(
            List.of(
                plan(bob, body).get("cohort"),
                plan(carol, body).get("cohort"),
                plan(vic, body).get("cohort"),
                adminCohort))
        .doesNotHaveDuplicates();
    assertThat(plan(Api.as("ada", TestTokens.randomTenant(), "admin"), body).get("cohort"))
        .isNotEqualTo(adminCohort);
  }

  @Test
  void badSubscriptionsAreProblemsWithACodeAndTheFieldNamed() {
    String path = "/api/live/plan";
    assertThat(
            problem(admin.send(HttpMethod.POST, path, "{\"resource\":\"nope\"}"), 404, "resource"))
        .containsEntry("code", "unknown_resource");
    assertThat(
            problem(
                admin.send(
                    HttpMethod.POST,
                    path,
                    "{\"resource\":\"tickets\",\"filter\":{\"colour\":\"red\"}}"),
                400,
                "filter.colour"))
        .containsEntry("code", "bad_request");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"filter\":{\"status\":7}}"),
        400,
        "filter.status");
    problem(
        admin.send(
            HttpMethod.POST, path, "{\"resource\":\"tickets\",\"filter\":{\"title\":\"x\"}}"),
        400,
        "filter.title");
    problem(
        admin.send(
            HttpMethod.POST,
            path,
            "{\"resource\":\"tickets\",\"filter\":{\"status\":{\"like\":\"o%\"}}}"),
        400,
        "filter.status");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"sort\":[\"-title\"]}"),
        400,
        "sort");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"sort\":\"-updated_at\"}"),
        400,
        "sort");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"limit\":501}"),
        422,
        "limit");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"limit\":\"10\"}"),
        400,
        "limit");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"key\":\"42\"}"), 400, "key");
    problem(
        admin.send(
            HttpMethod.POST,
            path,
            "{\"resource\":\"tickets\",\"key\":\"" + carols + "\",\"limit\":1}"),
        400,
        "limit");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"mode\":\"stream\"}"),
        400,
        "mode");
    problem(
        admin.send(HttpMethod.POST, path, "{\"resource\":\"tickets\",\"tenant\":\"x\"}"),
        400,
        "tenant");
    assertThat(
            problem(
                Api.as("nil", tenant).send(HttpMethod.POST, path, "{\"resource\":\"tickets\"}"),
                403,
                null))
        .containsEntry("code", "forbidden");
    assertThat(
            problem(
                RunningService.shared()
                    .client()
                    .post()
                    .uri(path)
                    .header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN)
                    .bodyValue("{\"resource\":\"tickets\"}")
                    .exchange(),
                401,
                null))
        .containsEntry("code", "unauthorized");
  }

  @Test
  void aBatchQueryAnswersEveryActorIndexAlignedWithExactlyItsSingleActorRows() {
    String expired = TestTokens.expiringAt(Instant.now().minusSeconds(60), "bob", tenant, "agent");
    List<Api> actors = List.of(admin, bob, vic, carol);
    String body =
        "{\"resource\":\"tickets\",\"filter\":{\"status\":{\"in\":[\"open\",\"in_progress\"]}},"
            + "\"sort\":[\"-updated_at\"],\"limit\":100,\"actors\":[\""
            + admin.token()
            + "\",\""
            + bob.token()
            + "\",\"garbage\",\""
            + vic.token()
            + "\",\""
            + expired
            + "\",\""
            + carol.token()
            + "\"]}";
    Map<String, Object> answer = admin.ok(HttpMethod.POST, "/api/live/query", body);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) answer.get("results");
    assertThat(results).hasSize(6);
    String rest = "/api/tickets?status=open,in_progress&sort=-updated_at&limit=100";
    assertThat(results.get(0).get("rows")).isEqualTo(admin.list(rest));
    assertThat(results.get(1).get("rows")).isEqualTo(bob.list(rest));
    assertThat(results.get(3).get("rows")).isEqualTo(vic.list(rest));
    assertThat(results.get(5).get("rows")).isEqualTo(carol.list(rest));
    assertThat(results.get(2)).containsOnlyKeys("error");
    assertThat(results.get(2).get("error").toString()).contains("code=unauthorized");
    assertThat(results.get(4).get("error").toString()).contains("code=unauthorized");
    assertThat(actors).isNotEmpty();
    assertThat((List<?>) results.get(0).get("rows")).hasSize(3);
    assertThat((List<?>) results.get(3).get("rows")).hasSize(1);
  }

  @Test
  void aBatchRecordQueryAnswersZeroOrOneRowAndInvisibleLooksLikeMissing() {
    String body =
        "{\"resource\":\"tickets\",\"key\":\""
            + carols
            + "\",\"actors\":[\""
            + admin.token()
            + "\",\""
            + bob.token()
            + "\",\""
            + carol.token()
            + "\"]}";
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>) bob.ok(HttpMethod.POST, "/api/live/query", body).get("results");
    Map<String, Object> row = admin.ok(HttpMethod.GET, "/api/tickets/" + carols, null);
    assertThat(results.get(0).get("rows")).isEqualTo(List.of(row));
    assertThat(results.get(1).get("rows")).isEqualTo(List.of());
    assertThat(results.get(2).get("rows")).isEqualTo(List.of(row));
    String missing =
        "{\"resource\":\"tickets\",\"key\":\"00000000-0000-0000-0000-000000000000\",\"actors\":[\""
            + admin.token()
            + "\"]}";
    assertThat(bob.ok(HttpMethod.POST, "/api/live/query", missing).get("results"))
        .isEqualTo(List.of(Map.of("rows", List.of())));
  }

  @Test
  void aBatchQueryNeedsNoCallerTokenButValidActors() {
    var client = RunningService.shared().client();
    client
        .post()
        .uri("/api/live/query")
        .header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN)
        .header("Content-Type", "application/json")
        .bodyValue("{\"resource\":\"tickets\",\"actors\":[\"" + vic.token() + "\"]}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.results[0].rows[0].id")
        .isEqualTo(vics);
    problem(
        client
            .post()
            .uri("/api/live/query")
            .header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN)
            .header("Content-Type", "application/json")
            .bodyValue("{\"resource\":\"tickets\"}")
            .exchange(),
        400,
        "actors");
    problem(
        client
            .post()
            .uri("/api/live/query")
            .header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN)
            .header("Content-Type", "application/json")
            .bodyValue("{\"resource\":\"tickets\",\"actors\":\"x\"}")
            .exchange(),
        400,
        "actors");
    client
        .post()
        .uri("/api/live/query")
        .header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN)
        .header("Content-Type", "application/json")
        .bodyValue("{\"resource\":\"tickets\",\"actors\":[]}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.results")
        .isEmpty();
    assertThat(unassigned).isNotNull();
  }

  @Test
  void aBatchPlanAnswersEveryActorIndexAlignedWithExactlyItsOwnPlan() {
    Api guest = Api.as("gus", tenant, "guest");
    Api stranger = Api.as("sam", TestTokens.randomTenant(), "admin");
    String list = "{\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":50";
    List<Api> actors = List.of(admin, bob, vic, guest, bob, carol, stranger);
    List<Map<String, Object>> plans = batchPlans(list, actors, "garbage");
    assertThat(plans).hasSize(8);
    assertThat(plans.get(0)).isEqualTo(plan(admin, list + "}"));
    assertThat(plans.get(1)).isEqualTo(plan(bob, list + "}"));
    assertThat(plans.get(2)).isEqualTo(plan(vic, list + "}"));
    assertThat(plans.get(3).get("error").toString())
        .contains("status=403")
        .contains("code=forbidden");
    assertThat(plans.get(4)).isEqualTo(Map.of("same_as", 1));
    assertThat(plans.get(5)).isEqualTo(plan(carol, list + "}"));
    // Another tenant's user in the same call gets its own tenant's cohort, never this one's.
    assertThat(plans.get(6)).isEqualTo(plan(stranger, list + "}"));
    assertThat(plans.get(6).get("cohort")).isNotEqualTo(plans.get(0).get("cohort"));
    assertThat(plans.get(7).get("error").toString())
        .contains("status=401")
        .contains("code=unauthorized");
    // A record is planned as each actor: bob cannot see carol's ticket, carol can.
    String record = "{\"resource\":\"tickets\",\"key\":\"" + carols + "\"";
    List<Map<String, Object>> records = batchPlans(record, List.of(bob, carol), null);
    assertThat(records.get(0)).isEqualTo(plan(bob, record + "}"));
    assertThat(records.get(1)).isEqualTo(plan(carol, record + "}"));
    problem(
        RunningService.shared()
            .client()
            .post()
            .uri("/api/live/plans")
            .header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN)
            .header("Content-Type", "application/json")
            .bodyValue("{\"resource\":\"tickets\",\"limit\":\"x\",\"actors\":[]}")
            .exchange(),
        400,
        "limit");
  }

  /** {@code POST /api/live/plans} with the actors' tokens (and {@code extra}, when not null). */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> batchPlans(
      String subscription, List<Api> actors, String extra) {
    StringBuilder body = new StringBuilder(subscription).append(",\"actors\":[");
    for (Api actor : actors) {
      body.append('"').append(actor.token()).append("\",");
    }
    body.append(extra == null ? "" : "\"" + extra + "\",");
    body.setLength(body.length() - 1);
    body.append("]}");
    return (List<Map<String, Object>>)
        admin.ok(HttpMethod.POST, "/api/live/plans", body.toString()).get("plans");
  }
}
