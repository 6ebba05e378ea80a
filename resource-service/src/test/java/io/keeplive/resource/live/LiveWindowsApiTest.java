package io.keeplive.resource.live;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.cursor.Cursor;
import io.keeplive.resource.Api;
import io.keeplive.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keyset windows on the live API (SPEC §4.2): {@code after}/{@code until} in plans and batch
 * queries, {@code has_more} per actor, and every cursor that is not one of this list refused as a
 * {@code bad_request} naming the field, before anything is read.
 */
class LiveWindowsApiTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");
  private final Api vic = Api.as("vic", tenant, "viewer");
  private final List<Map<String, Object>> byCreation = new ArrayList<>();

  @BeforeEach
  void tickets() {
    for (int i = 0; i < 5; i++) {
      byCreation.add(admin.createTicket("{\"title\":\"t" + i + "\"}"));
    }
    vic.createTicket("{\"title\":\"vic's\"}");
  }

  private static String cursorOf(Map<String, Object> row, String... sort) {
    return Cursor.of("tickets", List.of(sort), JsonMapper.builder().build().valueToTree(row))
        .encode();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> query(String window, Api... actors) {
    StringBuilder tokens = new StringBuilder();
    for (Api actor : actors) {
      tokens.append(tokens.length() == 0 ? "\"" : ",\"").append(actor.token()).append('"');
    }
    Map<String, Object> answer =
        admin.ok(
            HttpMethod.POST,
            "/api/live/query",
            "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"limit\":2"
                + window
                + ",\"actors\":["
                + tokens
                + "]}");
    return answer;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> ids(Map<String, Object> answer, int actor) {
    Map<String, Object> result = ((List<Map<String, Object>>) answer.get("results")).get(actor);
    return ((List<Map<String, Object>>) result.get("rows")).stream().map(r -> r.get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Object hasMore(Map<String, Object> answer, int actor) {
    return ((List<Map<String, Object>>) answer.get("results")).get(actor).get("has_more");
  }

  @Test
  void aWindowAfterACursorHoldsTheNextRowsAndSaysWhetherMoreFollowPerActor() {
    String c1 = cursorOf(byCreation.get(1), "created_at");
    Map<String, Object> answer = query(",\"after\":\"" + c1 + "\"", admin, vic);
    assertThat(ids(answer, 0))
        .containsExactly(byCreation.get(2).get("id"), byCreation.get(3).get("id"));
    assertThat(hasMore(answer, 0)).isEqualTo(true);
    // The viewer sees only its own ticket, created after all five: the policy applies per row.
    assertThat(ids(answer, 1)).hasSize(1);
    assertThat(hasMore(answer, 1)).isEqualTo(false);

    String c3 = cursorOf(byCreation.get(3), "created_at");
    Map<String, Object> pinned = query(",\"after\":\"" + c1 + "\",\"until\":\"" + c3 + "\"", admin);
    assertThat(ids(pinned, 0))
        .containsExactly(byCreation.get(2).get("id"), byCreation.get(3).get("id"));
    Map<String, Object> first = query("", admin);
    assertThat(ids(first, 0))
        .containsExactly(byCreation.get(0).get("id"), byCreation.get(1).get("id"));
    assertThat(hasMore(first, 0)).isEqualTo(true);
  }

  @Test
  void aPlanEchoesTheWindowAndOffersNoMergeOrderForIt() {
    String c1 = cursorOf(byCreation.get(1), "created_at");
    Map<String, Object> plan =
        admin.ok(
            HttpMethod.POST,
            "/api/live/plan",
            "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"after\":\"" + c1 + "\"}");
    @SuppressWarnings("unchecked")
    Map<String, Object> query = (Map<String, Object>) plan.get("query");
    assertThat(query).containsEntry("after", c1).doesNotContainKey("until");
    assertThat(plan).doesNotContainKey("order");
  }

  @Test
  void cursorsOfAnotherListAndDamagedCursorsAreBadRequestsNamingTheField() {
    String byCreated = cursorOf(byCreation.get(1), "created_at");
    String plan = "/api/live/plan";
    List<String> refused =
        List.of(
            // Another sort, and another resource.
            "{\"resource\":\"tickets\",\"sort\":[\"-created_at\"],\"after\":\"" + byCreated + "\"}",
            "{\"resource\":\"conversations\",\"after\":\""
                + Cursor.of(
                        "tickets",
                        List.of(),
                        JsonMapper.builder().build().valueToTree(byCreation.get(0)))
                    .encode()
                + "\"}",
            // Garbage, a cut cursor and an edited one.
            "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"after\":\"garbage!\"}",
            "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"after\":\""
                + byCreated.substring(0, byCreated.length() - 3)
                + "\"}",
            "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"after\":\""
                + edited(byCreated)
                + "\"}",
            "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"after\":17}");
    for (String body : refused) {
      assertThat(problem(admin.send(HttpMethod.POST, plan, body), 400, "after"))
          .as(body)
          .containsEntry("code", "bad_request");
    }
    assertThat(
            problem(
                admin.send(
                    HttpMethod.POST,
                    plan,
                    "{\"resource\":\"tickets\",\"sort\":[\"created_at\"],\"until\":\"x\"}"),
                400,
                "until"))
        .containsEntry("code", "bad_request");
    problem(
        admin.send(
            HttpMethod.POST,
            plan,
            "{\"resource\":\"tickets\",\"key\":\""
                + byCreation.get(0).get("id")
                + "\",\"after\":\""
                + byCreated
                + "\"}"),
        400,
        "after");
  }

  /** The cursor with one character of its payload changed. */
  private static String edited(String cursor) {
    char[] chars = cursor.toCharArray();
    chars[10] = chars[10] == 'A' ? 'B' : 'A';
    return new String(chars);
  }
}
