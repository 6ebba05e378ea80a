package io.keeplive.resource.tickets;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** An admin of another tenant cannot read, write or subscribe to a tenant's ticket on any route. */
class CrossTenantTest {

  private final String tenant = TestTokens.randomTenant();
  private final String otherTenant = TestTokens.randomTenant();
  private final Api owner = Api.as("ada", tenant, "admin");
  private final Api intruder = Api.as("ada", otherTenant, "admin");

  @Test
  void noRouteReachesAnotherTenantsTicket() {
    Map<String, Object> ticket =
        owner.createTicket("{\"title\":\"secret\",\"assignee_id\":\"ada\"}");
    String id = (String) ticket.get("id");
    String path = "/api/tickets/" + id;

    assertThat(intruder.list("/api/tickets")).isEmpty();
    assertThat(intruder.list("/api/tickets?assignee_id=ada")).isEmpty();
    problem(intruder.send(HttpMethod.GET, path, null), 404, null);
    problem(intruder.send(HttpMethod.PATCH, path, "{\"title\":\"pwned\"}"), 404, null);
    problem(intruder.send(HttpMethod.POST, path + "/assign", "{\"assignee_id\":\"x\"}"), 404, null);
    problem(intruder.send(HttpMethod.DELETE, path, null), 404, null);
    problem(
        intruder.send(HttpMethod.POST, "/api/tickets/bulk-close", "{\"ids\":[\"" + id + "\"]}"),
        404,
        "ids");

    Map<String, Object> results =
        intruder.ok(
            HttpMethod.POST,
            "/api/live/query",
            "{\"resource\":\"tickets\",\"key\":\""
                + id
                + "\",\"actors\":[\""
                + intruder.token()
                + "\"]}");
    assertThat(results.get("results")).isEqualTo(List.of(Map.of("rows", List.of())));
    Map<String, Object> plan =
        intruder.ok(
            HttpMethod.POST, "/api/live/plan", "{\"resource\":\"tickets\",\"key\":\"" + id + "\"}");
    assertThat(plan.get("cohort"))
        .isNotEqualTo(
            owner
                .ok(
                    HttpMethod.POST,
                    "/api/live/plan",
                    "{\"resource\":\"tickets\",\"key\":\"" + id + "\"}")
                .get("cohort"));

    // A create cannot name the tenant either.
    problem(
        intruder.send(
            HttpMethod.POST, "/api/tickets", "{\"title\":\"x\",\"tenant_id\":\"" + tenant + "\"}"),
        400,
        "tenant_id");

    assertThat(owner.ok(HttpMethod.GET, path, null)).isEqualTo(ticket);
    assertThat(
            RunningService.shared()
                .query("SELECT count(*) AS n FROM outbox WHERE tenant_id = ?", otherTenant)
                .get(0)
                .get("n"))
        .isEqualTo(0L);
  }
}
