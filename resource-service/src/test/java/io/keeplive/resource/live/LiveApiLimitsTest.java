package io.keeplive.resource.live;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * SPEC §4.4: one live API call carries at most 200 actors, duplicates count once, and its answer is
 * bounded in size; at most 1,000 changed ids.
 */
class LiveApiLimitsTest {

  /** An instance with a small answer budget, to reach it with a few tickets. */
  private static RunningService smallBudget;

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");

  @BeforeAll
  static void start() {
    smallBudget =
        RunningService.start(
            ResourceServiceApplication.application(), "--keeplive.live-api.max-answer-bytes=4KB");
  }

  @AfterAll
  static void stop() {
    smallBudget.close();
  }

  private static String actors(List<String> tokens) {
    return "\"actors\":[\"" + String.join("\",\"", tokens) + "\"]";
  }

  private static byte[] answerBytes(Api caller, String body) {
    return caller
        .send(HttpMethod.POST, "/api/live/query", body)
        .expectStatus()
        .isOk()
        .expectBody(byte[].class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void threeHundredCopiesOfOneTokenCostLittleMoreThanOneCopy() {
    for (int i = 0; i < 40; i++) {
      admin.createTicket("{\"title\":\"ticket number " + i + " with some words in it\"}");
    }
    String query = "{\"resource\":\"tickets\",\"limit\":500,";

    byte[] one = answerBytes(admin, query + actors(List.of(admin.token())) + "}");
    byte[] copies =
        answerBytes(admin, query + actors(Collections.nCopies(300, admin.token())) + "}");

    System.out.printf(
        "live query, limit 500, 40 rows: 1 token %d bytes, 300 copies %d bytes%n",
        one.length, copies.length);
    assertThat(copies.length).isLessThan(2 * one.length);
    Map<String, Object> answer =
        admin.ok(
            HttpMethod.POST,
            "/api/live/query",
            query + actors(Collections.nCopies(300, admin.token())) + "}");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) answer.get("results");
    assertThat(results).hasSize(300);
    assertThat((List<?>) results.get(0).get("rows")).hasSize(40);
    assertThat(results.subList(1, 300)).allMatch(result -> result.equals(Map.of("same_as", 0)));
  }

  @Test
  void duplicatesCountOnceTowardsTheActorLimit() {
    List<String> tokens = new ArrayList<>();
    IntStream.range(0, 200).forEach(i -> tokens.add(TestTokens.token("u" + i, tenant, "viewer")));
    tokens.addAll(tokens.subList(0, 100));

    Map<String, Object> answer =
        admin.ok(
            HttpMethod.POST,
            "/api/live/query",
            "{\"resource\":\"tickets\"," + actors(tokens) + "}");

    assertThat((List<?>) answer.get("results")).hasSize(300);
  }

  @Test
  void moreThanTwoHundredDistinctActorsAreABadRequest() {
    List<String> tokens = new ArrayList<>();
    IntStream.range(0, 201).forEach(i -> tokens.add(TestTokens.token("u" + i, tenant, "viewer")));

    Map<String, Object> refused =
        problem(
            admin.send(
                HttpMethod.POST,
                "/api/live/query",
                "{\"resource\":\"tickets\"," + actors(tokens) + "}"),
            400,
            "actors");

    assertThat((String) refused.get("detail")).contains("200");
  }

  @Test
  void aThousandChangedIdsAreAnsweredAndMoreAreABadRequest() {
    List<String> ids = new ArrayList<>();
    IntStream.range(0, 1001).forEach(i -> ids.add(UUID.randomUUID().toString()));
    String query = "{\"resource\":\"tickets\"," + actors(List.of(admin.token()));

    Map<String, Object> answer =
        admin.ok(
            HttpMethod.POST,
            "/api/live/query",
            query
                + ",\"changed_ids\":[\""
                + String.join("\",\"", ids.subList(0, 1000))
                + "\"],\"recheck\":[false]}");
    problem(
        admin.send(
            HttpMethod.POST,
            "/api/live/query",
            query
                + ",\"changed_ids\":[\""
                + String.join("\",\"", ids)
                + "\"],\"recheck\":[false]}"),
        400,
        "changed_ids");

    assertThat((List<?>) answer.get("results")).hasSize(1);
  }

  @Test
  void anAnswerOverTheByteBudgetIsRefusedAndASmallerOneAnswered() {
    Api onSmall = Api.on(smallBudget, "ada", tenant, "admin");
    for (int i = 0; i < 30; i++) {
      onSmall.createTicket("{\"title\":\"" + "x".repeat(150) + "\"}");
    }
    String actor = actors(List.of(onSmall.token()));

    Map<String, Object> refused =
        problem(
            onSmall.send(
                HttpMethod.POST,
                "/api/live/query",
                "{\"resource\":\"tickets\",\"limit\":30," + actor + "}"),
            422,
            "actors");
    byte[] smaller = answerBytes(onSmall, "{\"resource\":\"tickets\",\"limit\":5," + actor + "}");

    assertThat(refused).containsEntry("code", "answer_too_large");
    assertThat(new String(smaller, StandardCharsets.UTF_8)).contains("\"rows\"");
    assertThat(smaller.length).isLessThanOrEqualTo(4096);
  }
}
