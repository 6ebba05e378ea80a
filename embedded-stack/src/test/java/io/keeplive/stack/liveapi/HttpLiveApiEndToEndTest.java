package io.keeplive.stack.liveapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.LiveApi.ActorResult;
import io.keeplive.gateway.refetch.internal.HttpLiveApi;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.stack.testing.Api;
import io.keeplive.testsupport.Postgres;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's live API client against a real resource-service with its own service credential and
 * a small answer budget: whatever the gateway asks, its calls stay within the per-call limits and
 * the answer stays index-aligned.
 */
class HttpLiveApiEndToEndTest {

  private static final String CREDENTIAL = "a-test-service-credential";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static ConfigurableApplicationContext resourceService;
  private static ReactorResourceFactory resources;
  private static URI url;
  private static HttpLiveApi api;

  private final String tenant = TestTokens.randomTenant();

  @BeforeAll
  static void start() {
    Postgres.Database database = Postgres.shared().newDatabase("live_api");
    resourceService =
        ResourceServiceApplication.application()
            .run(
                Stream.concat(
                        Stream.of(
                            "--server.port=0",
                            "--keeplive.dev-mode=true",
                            "--keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET,
                            "--keeplive.live-api.service-token=" + CREDENTIAL,
                            "--keeplive.live-api.max-answer-bytes=8KB"),
                        database.springArguments().stream())
                    .toArray(String[]::new));
    url =
        URI.create(
            "http://localhost:"
                + resourceService.getEnvironment().getProperty("local.server.port"));
    resources = new ReactorResourceFactory();
    resources.setUseGlobalResources(false);
    resources.afterPropertiesSet();
    api = new HttpLiveApi(url, resources, CREDENTIAL);
  }

  @AfterAll
  static void stop() {
    resources.destroy();
    resourceService.close();
  }

  private static ObjectNode listQuery(int limit) {
    ObjectNode query = JsonMapper.builder().build().createObjectNode();
    query.putObject("filter");
    query.putArray("sort");
    query.put("limit", limit);
    return query;
  }

  private List<String> viewers(int count) {
    List<String> tokens = new ArrayList<>();
    IntStream.range(0, count).forEach(i -> tokens.add(TestTokens.token("v" + i, tenant, "viewer")));
    return tokens;
  }

  private static int rowsOf(ActorResult result) {
    assertThat(result).isInstanceOf(ActorResult.Fetched.class);
    return ((ActorResult.Fetched) result).rows().rows().size();
  }

  @Test
  void aBatchOfMoreActorsThanOneCallMayCarryIsSplitAndAnsweredIndexAligned() {
    List<String> tokens = viewers(450);
    new Api(url, tokens.get(0)).createTicket("first");
    new Api(url, tokens.get(449)).createTicket("last");

    List<ActorResult> results = api.query("tickets", listQuery(10), tokens).block(WAIT);

    assertThat(results).hasSize(450);
    assertThat(rowsOf(results.get(0))).isEqualTo(1);
    assertThat(rowsOf(results.get(449))).isEqualTo(1);
    assertThat(results.subList(1, 449)).allMatch(r -> rowsOf(r) == 0);
  }

  @Test
  void moreChangedIdsThanOneCallMayCarryReadEveryActorInFullInsteadOfFailing() {
    List<String> tokens = viewers(2);
    new Api(url, tokens.get(1)).createTicket("mine");
    List<String> changed = new ArrayList<>();
    IntStream.range(0, 1500).forEach(i -> changed.add(UUID.randomUUID().toString()));

    List<ActorResult> results =
        api.query(
                "tickets",
                listQuery(10),
                tokens,
                new LiveApi.Relevance(changed, List.of(false, false)))
            .block(WAIT);

    assertThat(rowsOf(results.get(0))).isZero();
    assertThat(rowsOf(results.get(1))).isEqualTo(1);
  }

  @Test
  void anAnswerRefusedAsTooLargeIsAskedAgainInHalves() {
    List<String> tokens = viewers(4);
    // Each viewer sees only its own ~5 KB of rows; together they exceed the 8 KB budget.
    for (String token : tokens) {
      Api writer = new Api(url, token);
      for (int i = 0; i < 6; i++) {
        writer.createTicket(Map.of("title", "y".repeat(190) + i));
      }
    }

    List<ActorResult> results = api.query("tickets", listQuery(10), tokens).block(WAIT);

    assertThat(results).hasSize(4).allMatch(r -> rowsOf(r) == 6);
  }

  @Test
  void aRepeatedTokenGetsTheResultOfItsFirstEntry() {
    String token = viewers(1).get(0);
    new Api(url, token).createTicket("repeated");

    List<ActorResult> results =
        api.query("tickets", listQuery(10), Collections.nCopies(3, token)).block(WAIT);

    assertThat(results).hasSize(3).allMatch(r -> rowsOf(r) == 1);
  }

  @Test
  void aWrongServiceCredentialIsAFailureToRetryNotARefusalOfTheSubscription() {
    HttpLiveApi misconfigured = new HttpLiveApi(url, resources, "not-the-credential");
    ObjectNode subscription = listQuery(10).put("resource", "tickets");

    assertThatThrownBy(
            () ->
                misconfigured
                    .plan(TestTokens.token("a", tenant, "admin"), subscription)
                    .block(WAIT))
        .isInstanceOfSatisfying(
            HttpLiveApi.UnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo("service_unauthorized"));
  }
}
