package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The batch refetch answers each actor, index-aligned, only what that actor's token allows, in that
 * token's tenant; and it keeps to its limits (backend-contract.md §2).
 */
@ExtendWith(BackendExtension.class)
class LiveQueryCheck {

  /** A query body for the fixture's list (as its plan normalized it) and these actors. */
  private static ObjectNode listQuery(Backend backend, String planner, List<String> actors) {
    String resource = backend.fixture().resource();
    JsonNode plan =
        backend.live("/api/live/plan", "{\"resource\":\"" + resource + "\"}", planner).body();
    ObjectNode query = ((ObjectNode) plan.path("query")).deepCopy();
    query.put("resource", resource);
    ArrayNode tokens = query.putArray("actors");
    actors.forEach(tokens::add);
    return query;
  }

  private static JsonNode results(Backend backend, ObjectNode query) {
    Backend.Answer answer = backend.live("/api/live/query", query.toString(), null);
    assertThat(answer.status()).as("query status: " + answer.text()).isEqualTo(200);
    return answer.body().path("results");
  }

  private static List<String> ids(JsonNode result) {
    List<String> ids = new ArrayList<>();
    result.path("rows").forEach(row -> ids.add(row.path("id").asString()));
    return ids;
  }

  @Test
  void eachActorIsAnsweredOnlyRowsOfItsOwnTenant(Backend backend) {
    String tenant = Backend.newTenant();
    String other = Backend.newTenant();
    String id = backend.create(tenant, "kit-writer");
    String elsewhere = backend.create(other, "kit-writer");
    String own = backend.user("kit-writer", tenant);
    String foreign = backend.user("kit-writer", other);
    JsonNode results = results(backend, listQuery(backend, own, List.of(own, foreign)));
    assertThat(results.size()).isEqualTo(2);
    assertThat(ids(results.get(0)))
        .as("rows of the writer's tenant")
        .contains(id)
        .doesNotContain(elsewhere);
    assertThat(ids(results.get(1)))
        .as("rows of the other tenant")
        .contains(elsewhere)
        .doesNotContain(id);
  }

  @Test
  void aRecordQueryAnswersTheRowInItsTenantAndNothingInAnother(Backend backend) {
    String tenant = Backend.newTenant();
    String id = backend.create(tenant, "kit-writer");
    ObjectNode query = Backend.json().createObjectNode();
    query.put("resource", backend.fixture().resource());
    query.put("key", id);
    query
        .putArray("actors")
        .add(backend.user("kit-writer", tenant))
        .add(backend.user("kit-writer", Backend.newTenant()));
    JsonNode results = results(backend, query);
    assertThat(ids(results.get(0))).containsExactly(id);
    assertThat(ids(results.get(1))).isEmpty();
  }

  @Test
  void aBadActorTokenIsAnErrorAtItsIndexAndARepeatedOneIsSameAsItsFirst(Backend backend) {
    String tenant = Backend.newTenant();
    String id = backend.create(tenant, "kit-writer");
    String own = backend.user("kit-writer", tenant);
    JsonNode results = results(backend, listQuery(backend, own, List.of("not-a-token", own, own)));
    assertThat(results.get(0).path("error").path("code").asString(""))
        .as("entry of the bad token")
        .isEqualTo("unauthorized");
    assertThat(ids(results.get(1))).contains(id);
    assertThat(results.get(2).path("same_as").asInt(-1))
        .as("entry of the repeated token")
        .isEqualTo(1);
  }

  @Test
  void moreThan200DistinctActorsAreRefusedAsABadRequest(Backend backend) {
    String tenant = Backend.newTenant();
    List<String> actors = new ArrayList<>();
    for (int i = 0; i <= 200; i++) {
      actors.add(backend.user("kit-reader-" + i, tenant));
    }
    ObjectNode query = listQuery(backend, actors.get(0), actors);
    Backend.Answer answer = backend.live("/api/live/query", query.toString(), null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.problemCode()).isEqualTo("bad_request");

    query.withArray("actors").remove(200);
    assertThat(backend.live("/api/live/query", query.toString(), null).status())
        .as("200 distinct actors")
        .isEqualTo(200);
  }

  @Test
  void moreThan1000ChangedIdsAreRefusedAsABadRequest(Backend backend) {
    String tenant = Backend.newTenant();
    String own = backend.user("kit-reader", tenant);
    ObjectNode query = listQuery(backend, own, List.of(own));
    ArrayNode changed = query.putArray("changed_ids");
    for (int i = 0; i <= 1000; i++) {
      changed.add(UUID.randomUUID().toString());
    }
    query.putArray("recheck").add(false);
    Backend.Answer answer = backend.live("/api/live/query", query.toString(), null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.problemCode()).isEqualTo("bad_request");
  }
}
