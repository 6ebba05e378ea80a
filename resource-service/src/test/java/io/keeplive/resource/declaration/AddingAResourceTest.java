package io.keeplive.resource.declaration;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * One declaration plus one migration is a whole resource: routes, validation, read policy in SQL,
 * write policies, outbox topics, live plan and OpenAPI all follow (docs/adding-a-resource.md).
 */
class AddingAResourceTest {

  private static RunningService service;

  @BeforeAll
  static void start() {
    service =
        RunningService.start(
            ResourceServiceApplication.application().sources(ProjectsExample.class));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void theProjectsDeclarationAloneGivesRoutesPoliciesTopicsAndDocumentation() {
    String tenant = TestTokens.randomTenant();
    Api admin = Api.on(service, "ada", tenant, "admin");
    Api bob = Api.on(service, "bob", tenant, "agent");
    Api carol = Api.on(service, "carol", tenant, "agent");

    Map<String, Object> project =
        bob.send(HttpMethod.POST, "/api/projects", "{\"name\":\"Apollo\"}")
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
    assertThat(project).containsEntry("owner_id", "bob").containsEntry("state", "active");
    String id = (String) project.get("id");
    carol.send(HttpMethod.POST, "/api/projects", "{\"name\":\"Zeus\"}").expectStatus().isCreated();

    assertThat(bob.list("/api/projects")).extracting(p -> p.get("name")).containsExactly("Apollo");
    assertThat(admin.list("/api/projects"))
        .extracting(p -> p.get("name"))
        .containsExactly("Apollo", "Zeus");
    problem(carol.send(HttpMethod.PATCH, "/api/projects/" + id, "{\"name\":\"mine\"}"), 404, null);
    problem(
        bob.send(HttpMethod.PATCH, "/api/projects/" + id, "{\"owner_id\":\"carol\"}"),
        400,
        "owner_id");
    problem(
        bob.send(HttpMethod.POST, "/api/projects", "{\"name\":\"" + "n".repeat(101) + "\"}"),
        422,
        "name");
    bob.ok(HttpMethod.PATCH, "/api/projects/" + id, "{\"state\":\"archived\"}");
    problem(bob.send(HttpMethod.DELETE, "/api/projects/" + id, null), 403, null);

    List<Map<String, Object>> outbox =
        service.query(
            "SELECT action, topics FROM outbox WHERE tenant_id = ? AND record_id = ? ORDER BY position",
            tenant,
            id);
    assertThat(outbox).extracting(e -> e.get("action")).containsExactly("create", "update");
    assertThat(outbox.get(1).get("topics"))
        .isEqualTo(List.of("projects", "project:" + id, "projects:owner:bob"));

    assertThat(
            bob.ok(HttpMethod.POST, "/api/live/plan", "{\"resource\":\"projects\"}").get("topics"))
        .isEqualTo(List.of("projects:owner:bob"));
    assertThat(
            admin
                .ok(HttpMethod.POST, "/api/live/plan", "{\"resource\":\"projects\"}")
                .get("topics"))
        .isEqualTo(List.of("projects"));

    String document =
        service
            .client()
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(document)
        .contains("\"/api/projects\"", "\"/api/projects/{id}\"", "\"projects.create\"");
  }
}
