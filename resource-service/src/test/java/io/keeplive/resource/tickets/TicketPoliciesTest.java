package io.keeplive.resource.tickets;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** SPEC §2 read and write policies of tickets, allow and deny, per role. */
class TicketPoliciesTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");
  private final Api bob = Api.as("bob", tenant, "agent");
  private final Api carol = Api.as("carol", tenant, "agent");
  private final Api vic = Api.as("vic", tenant, "viewer");
  private final Api nobody = Api.as("nil", tenant);

  private Object assignedToCarolByAdmin;
  private Object unassignedByAdmin;
  private Object createdByBobAssignedToCarol;
  private Object createdByVic;

  @BeforeEach
  void tickets() {
    assignedToCarolByAdmin =
        admin.createTicket("{\"title\":\"1\",\"assignee_id\":\"carol\"}").get("id");
    unassignedByAdmin = admin.createTicket("{\"title\":\"2\"}").get("id");
    createdByBobAssignedToCarol =
        bob.createTicket("{\"title\":\"3\",\"assignee_id\":\"carol\"}").get("id");
    createdByVic = vic.createTicket("{\"title\":\"4\"}").get("id");
  }

  @Test
  void adminReadsEveryTicketOfTheTenant() {
    assertThat(admin.ids("/api/tickets"))
        .containsExactlyInAnyOrder(
            assignedToCarolByAdmin, unassignedByAdmin, createdByBobAssignedToCarol, createdByVic);
  }

  @Test
  void agentReadsAssignedUnassignedAndOwnTickets() {
    assertThat(bob.ids("/api/tickets"))
        .containsExactlyInAnyOrder(unassignedByAdmin, createdByBobAssignedToCarol, createdByVic);
    assertThat(carol.ids("/api/tickets"))
        .containsExactlyInAnyOrder(
            assignedToCarolByAdmin, unassignedByAdmin, createdByBobAssignedToCarol, createdByVic);
    problem(bob.send(HttpMethod.GET, "/api/tickets/" + assignedToCarolByAdmin, null), 404, null);
  }

  @Test
  void viewerReadsOnlyTicketsTheyCreated() {
    assertThat(vic.ids("/api/tickets")).containsExactly(createdByVic);
    problem(vic.send(HttpMethod.GET, "/api/tickets/" + unassignedByAdmin, null), 404, null);
  }

  @Test
  void anActorWithoutAReferenceRoleReadsNothingAndCannotCreate() {
    assertThat(nobody.ids("/api/tickets")).isEmpty();
    problem(nobody.send(HttpMethod.POST, "/api/tickets", "{\"title\":\"x\"}"), 403, null);
  }

  @Test
  void updateIsForAdminsAndForAgentsWhoAreAssigneeOrCreator() {
    admin.ok(
        HttpMethod.PATCH, "/api/tickets/" + assignedToCarolByAdmin, "{\"title\":\"by admin\"}");
    carol.ok(
        HttpMethod.PATCH, "/api/tickets/" + assignedToCarolByAdmin, "{\"title\":\"by assignee\"}");
    bob.ok(
        HttpMethod.PATCH,
        "/api/tickets/" + createdByBobAssignedToCarol,
        "{\"title\":\"by creator\"}");
    // visible to bob (unassigned) but neither his nor assigned to him
    problem(
        bob.send(HttpMethod.PATCH, "/api/tickets/" + unassignedByAdmin, "{\"title\":\"x\"}"),
        403,
        null);
    // invisible to bob
    problem(
        bob.send(HttpMethod.PATCH, "/api/tickets/" + assignedToCarolByAdmin, "{\"title\":\"x\"}"),
        404,
        null);
    // viewers never update, not even their own tickets
    problem(
        vic.send(HttpMethod.PATCH, "/api/tickets/" + createdByVic, "{\"title\":\"x\"}"), 403, null);
  }

  @Test
  void assignIsForAdminsAndForAgentsTakingAnUnassignedTicketThemselves() {
    problem(
        bob.send(
            HttpMethod.POST,
            "/api/tickets/" + unassignedByAdmin + "/assign",
            "{\"assignee_id\":\"carol\"}"),
        403,
        null);
    bob.ok(
        HttpMethod.POST,
        "/api/tickets/" + unassignedByAdmin + "/assign",
        "{\"assignee_id\":\"bob\"}");
    // now assigned: carol can no longer take it (and no longer sees it)
    problem(
        carol.send(
            HttpMethod.POST,
            "/api/tickets/" + unassignedByAdmin + "/assign",
            "{\"assignee_id\":\"carol\"}"),
        404,
        null);
    // assigned to carol, created by bob: bob sees it but may not reassign it
    problem(
        bob.send(
            HttpMethod.POST,
            "/api/tickets/" + createdByBobAssignedToCarol + "/assign",
            "{\"assignee_id\":\"bob\"}"),
        403,
        null);
    problem(
        vic.send(
            HttpMethod.POST,
            "/api/tickets/" + createdByVic + "/assign",
            "{\"assignee_id\":\"vic\"}"),
        403,
        null);
    admin.ok(
        HttpMethod.POST,
        "/api/tickets/" + createdByBobAssignedToCarol + "/assign",
        "{\"assignee_id\":\"vic\"}");
  }

  @Test
  void destroyIsForAdminsOnly() {
    problem(
        bob.send(HttpMethod.DELETE, "/api/tickets/" + createdByBobAssignedToCarol, null),
        403,
        null);
    problem(vic.send(HttpMethod.DELETE, "/api/tickets/" + createdByVic, null), 403, null);
    admin
        .send(HttpMethod.DELETE, "/api/tickets/" + createdByVic, null)
        .expectStatus()
        .isNoContent();
  }

  @Test
  void bulkCloseNeedsUpdateRightsOnEveryTicket() {
    problem(
        bob.send(
            HttpMethod.POST,
            "/api/tickets/bulk-close",
            "{\"ids\":[\"" + createdByBobAssignedToCarol + "\",\"" + unassignedByAdmin + "\"]}"),
        403,
        null);
    assertThat(admin.ok(HttpMethod.GET, "/api/tickets/" + createdByBobAssignedToCarol, null))
        .containsEntry("status", "open");
    bob.ok(
        HttpMethod.POST,
        "/api/tickets/bulk-close",
        "{\"ids\":[\"" + createdByBobAssignedToCarol + "\"]}");
  }
}
