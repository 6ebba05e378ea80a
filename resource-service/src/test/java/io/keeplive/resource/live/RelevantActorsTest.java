package io.keeplive.resource.live;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * With the hint, actors that are not rechecked are not read: they get only the changed rows they
 * may see and that match the filter now ({@code changed_rows}), by the same policy as every read.
 * Rechecked actors are read in full, exactly as without the hint.
 */
class RelevantActorsTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");
  private final Api bob = Api.as("bob", tenant, "agent");
  private final Api carol = Api.as("carol", tenant, "agent");
  private final Api vic = Api.as("vic", tenant, "viewer");

  private Object carols;

  @BeforeEach
  void tickets() {
    carols = admin.createTicket("{\"title\":\"c\",\"assignee_id\":\"carol\"}").get("id");
    admin.createTicket("{\"title\":\"u\"}");
    vic.createTicket("{\"title\":\"v\"}");
  }

  private List<Map<String, Object>> query(String filter, Object changedId, String recheck) {
    String body =
        "{\"resource\":\"tickets\",\"filter\":"
            + filter
            + ",\"sort\":[\"-updated_at\"],\"limit\":10,\"actors\":[\""
            + admin.token()
            + "\",\""
            + bob.token()
            + "\",\""
            + carol.token()
            + "\",\""
            + vic.token()
            + "\"]"
            + (changedId == null
                ? ""
                : ",\"changed_ids\":[\"" + changedId + "\"],\"recheck\":" + recheck)
            + "}";
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>)
            admin.ok(HttpMethod.POST, "/api/live/query", body).get("results");
    return results;
  }

  @Test
  void actorsNotRecheckedGetExactlyTheChangedRowsTheyMaySee() {
    Map<String, Object> row = admin.ok(HttpMethod.GET, "/api/tickets/" + carols, null);
    List<Map<String, Object>> hinted = query("{}", carols, "[false,false,false,false]");

    assertThat(hinted.get(0)).as("admin sees carol's ticket").isEqualTo(changed(row));
    assertThat(hinted.get(1)).as("bob cannot see it").isEqualTo(changed());
    assertThat(hinted.get(2)).as("carol is its assignee").isEqualTo(changed(row));
    assertThat(hinted.get(3)).as("vic cannot see it").isEqualTo(changed());
  }

  @Test
  void recheckedActorsAreReadInFull() {
    List<Map<String, Object>> full = query("{}", null, null);
    List<Map<String, Object>> hinted = query("{}", carols, "[true,true,false,true]");

    assertThat(hinted.get(0)).isEqualTo(full.get(0));
    assertThat(hinted.get(1)).isEqualTo(full.get(1));
    assertThat(hinted.get(2)).containsOnlyKeys("changed_rows");
    assertThat(hinted.get(3)).isEqualTo(full.get(3));
  }

  @Test
  void aChangedRowOutsideTheFilterIsNotAnswered() {
    List<Map<String, Object>> hinted =
        query("{\"status\":\"closed\"}", carols, "[false,false,false,false]");

    assertThat(hinted).containsOnly(changed());
  }

  @Test
  void aPlanCarriesTheOrderOnlyWhenEveryKeyCanBeComparedOutsideTheDatabase() {
    Map<String, Object> plan =
        admin.ok(
            HttpMethod.POST,
            "/api/live/plan",
            "{\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":5}");
    assertThat(plan.get("order"))
        .isEqualTo(
            List.of(
                Map.of("attribute", "updated_at", "type", "timestamp", "descending", true),
                Map.of("attribute", "id", "type", "uuid", "descending", false)));
    Map<String, Object> byStatus =
        admin.ok(
            HttpMethod.POST, "/api/live/plan", "{\"resource\":\"tickets\",\"sort\":[\"status\"]}");
    assertThat(byStatus).doesNotContainKey("order");
  }

  private static Map<String, Object> changed(Object... rows) {
    return Map.of("changed_rows", List.of(rows));
  }

  @Test
  void withoutAHintEveryActorIsRead() {
    assertThat(query("{}", null, null))
        .allSatisfy(result -> assertThat(result).containsKey("rows"));
  }

  @Test
  void aPolicyThatLooksAtAParentRowIgnoresTheHint() {
    Object conversation =
        created(admin, "/api/conversations", "{\"title\":\"c\",\"member_ids\":[\"bob\"]}");
    Object message =
        created(admin, "/api/conversations/" + conversation + "/messages", "{\"body\":\"hi\"}");
    String body =
        "{\"resource\":\"messages\",\"filter\":{\"conversation_id\":\""
            + conversation
            + "\"},\"actors\":[\""
            + bob.token()
            + "\",\""
            + carol.token()
            + "\"],\"changed_ids\":[\"00000000-0000-0000-0000-000000000000\"],"
            + "\"recheck\":[false,false]}";
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results =
        (List<Map<String, Object>>)
            admin.ok(HttpMethod.POST, "/api/live/query", body).get("results");

    // A membership change alters who sees the message without the message changing.
    assertThat(results.get(0).get("rows").toString()).contains(message.toString());
    assertThat(results.get(1)).isEqualTo(Map.of("rows", List.of(), "has_more", false));
  }

  private static Object created(Api actor, String path, String json) {
    return actor
        .send(HttpMethod.POST, path, json)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("id");
  }

  @Test
  void badHintsAreRefusedNamingTheField() {
    String base = "{\"resource\":\"tickets\",\"actors\":[\"" + admin.token() + "\"]";
    refused(base + ",\"changed_ids\":[\"x\"],\"recheck\":[true]}", "changed_ids");
    refused(base + ",\"changed_ids\":\"x\",\"recheck\":[true]}", "changed_ids");
    refused(base + ",\"changed_ids\":[\"" + carols + "\"],\"recheck\":[true,false]}", "recheck");
    refused(base + ",\"recheck\":[true]}", "recheck");
  }

  /** The live query answers {@code body} with a 400 problem naming {@code field}. */
  private void refused(String body, String field) {
    problem(admin.send(HttpMethod.POST, "/api/live/query", body), 400, field);
  }
}
