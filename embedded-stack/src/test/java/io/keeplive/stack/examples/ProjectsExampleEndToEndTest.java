package io.keeplive.stack.examples;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SecondBackend;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.stack.testing.Subscriptions;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The projects example (a second application on the resource starter, examples/projects) is live
 * through the same relay and gateway as the helpdesk: both write one outbox table, the relay
 * publishes both, and a gateway configured with {@code keeplive.gateway.resource-urls} plans and
 * refetches tasks and projects through the example's live API, under the example's own policies.
 */
class ProjectsExampleEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static String tasksOf(String id) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tasks\",\"sort\":[\"-updated_at\"],\"limit\":50}";
  }

  private static JsonNode rowOf(JsonNode result, String id) {
    for (JsonNode row : result.get("rows")) {
      if (row.get("id").asString().equals(id)) {
        return row;
      }
    }
    return null;
  }

  /** An agent of {@code tenant}, live on its tasks, which start empty. */
  private static LiveClient watchingTasks(SecondBackend backend, String tenant, String agent) {
    LiveClient client =
        LiveClient.authenticated(
            backend.gatewayUrl().toString(), TestTokens.token(agent, tenant, "agent"));
    client.send(tasksOf("t"));
    client.awaitResult("t", r -> r.get("rows").isEmpty(), WAIT);
    return client;
  }

  private static String createTask(Api admin, String title, String project, String assignee) {
    return admin
        .call(
            "POST",
            "/api/tasks",
            Map.of("title", title, "project_id", project, "assignee_id", assignee))
        .expect(201)
        .id();
  }

  @Test
  void anAssigneeSeesItsTasksArriveChangeAndLeaveWhenReassigned() {
    SecondBackend backend = SecondBackend.get();
    String tenant = TestTokens.randomTenant();
    Api admin = backend.api(TestTokens.token("ada", tenant, "admin"));
    String project = admin.call("POST", "/api/projects", Map.of("name", "Apollo")).expect(201).id();
    try (LiveClient bob = watchingTasks(backend, tenant, "bob")) {

      String task = createTask(admin, "launch", project, "bob");
      bob.awaitResult("t", r -> ids(r).contains(task), WAIT);

      admin.call("PATCH", "/api/tasks/" + task, Map.of("title", "launch v2")).expect(200);
      bob.awaitResult(
          "t",
          r -> rowOf(r, task) != null && rowOf(r, task).get("title").asString().equals("launch v2"),
          WAIT);

      admin.call("PATCH", "/api/tasks/" + task, Map.of("assignee_id", "carol")).expect(200);
      bob.awaitResult("t", r -> !ids(r).contains(task), WAIT);
    }
  }

  @Test
  void anAgentNeverSeesAnotherAgentsTasksOrAnotherTenantsOnes() {
    SecondBackend backend = SecondBackend.get();
    String tenant = TestTokens.randomTenant();
    String other = TestTokens.randomTenant();
    Api admin = backend.api(TestTokens.token("ada", tenant, "admin"));
    Api otherAdmin = backend.api(TestTokens.token("ada", other, "admin"));
    String project = admin.call("POST", "/api/projects", Map.of("name", "Apollo")).expect(201).id();
    try (LiveClient bob = watchingTasks(backend, tenant, "bob")) {
      String carols = createTask(admin, "not bob's", project, "carol");
      String otherTenants = createTask(otherAdmin, "elsewhere", project, "bob");
      // The write bob may see comes last: once it arrived, the earlier ones were refetched too.
      String bobs = createTask(admin, "bob's", project, "bob");
      bob.awaitResult("t", r -> ids(r).contains(bobs), WAIT);
      assertThat(Subscriptions.allRows(bob))
          .extracting(row -> row.get("id").asString())
          .doesNotContain(carols, otherTenants);
    }
  }

  @Test
  void theSameGatewayStillServesTheHelpdeskThroughResourceService() {
    SecondBackend backend = SecondBackend.get();
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    try (LiveClient ada = LiveClient.authenticated(backend.gatewayUrl().toString(), token)) {
      ada.send(Subscriptions.listTickets("k"));
      ada.awaitResult("k", r -> true, WAIT);
      String ticket = SharedStack.api(token).createTicket("helpdesk").expect(201).id();
      ada.awaitResult("k", r -> ids(r).contains(ticket), WAIT);
    }
  }
}
