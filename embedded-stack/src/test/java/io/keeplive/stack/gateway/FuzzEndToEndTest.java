package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Thousands of random and mutated frames against a real gateway: every answer is a well-formed
 * protocol message with a SPEC error code, the gateway stays healthy, and another session on the
 * same instance keeps receiving its changes. The rate limit is raised on this instance so the fuzz
 * reaches the parser and handlers instead of the limiter.
 */
class FuzzEndToEndTest {

  private static final Set<String> CODES =
      Set.of(
          "bad_request",
          "unauthorized",
          "forbidden",
          "unknown_resource",
          "too_many_subscriptions",
          "rate_limited",
          "token_expired");
  private static final Set<String> TYPES =
      Set.of("auth_ok", "result", "insert", "update", "delete", "complete", "error", "pong");

  @Test
  void randomAndMutatedFramesNeverHurtTheGatewayOrOtherSessions() throws Exception {
    EmbeddedStack stack = SharedStack.get();
    ConfigurableApplicationContext gateway =
        stack.startGateway(
            0,
            Map.of(
                "keeplive.gateway.limits.messages-per-second", "100000",
                "keeplive.gateway.limits.rate-limited-before-close", "100000"));
    String url = stack.gatewayUrl(gateway).toString();
    try {
      String victimTenant = TestTokens.randomTenant();
      String victimToken = TestTokens.token("vic", victimTenant, "admin");
      String fuzzTenant = TestTokens.randomTenant();
      String fuzzToken = TestTokens.token("fuzz", fuzzTenant, "agent");
      try (LiveClient victim = LiveClient.authenticated(url, victimToken)) {
        victim.send(listTickets("q"));
        victim.awaitResult("q", r -> true, Duration.ofSeconds(10));

        List<JsonNode> answers = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        Random random = new Random(20261127);
        String[] seeds = {
          listTickets("q1"),
          "{\"type\":\"subscribe\",\"id\":\"q2\",\"resource\":\"tickets\",\"filter\":{\"status\":{\"in\":[\"open\",\"closed\"]}},\"mode\":\"stream\"}",
          "{\"type\":\"subscribe\",\"id\":\"q3\",\"resource\":\"tickets\",\"key\":\"00000000-0000-0000-0000-000000000001\"}",
          "{\"type\":\"subscribe\",\"id\":\"q4\",\"resource\":\"messages\",\"filter\":{\"conversation_id\":\"x\"}}",
          "{\"type\":\"unsubscribe\",\"id\":\"q1\"}",
          "{\"type\":\"ping\"}",
          "{\"type\":\"auth\",\"token\":\"" + fuzzToken + "\"}",
          "{\"type\":\"auth\",\"token\":\"garbage\"}"
        };
        int frames = 0;
        while (frames < 5_000) {
          try (LiveClient fuzzer = LiveClient.authenticated(url, fuzzToken)) {
            // A mutated auth or a flood of errors may get the fuzzer closed at any moment, so
            // sends race with the close; a send that loses ends this connection's turn.
            while (frames < 5_000
                && fuzzer.trySend(mutate(seeds[random.nextInt(seeds.length)], random))) {
              frames++;
            }
            if (fuzzer.trySend("{\"type\":\"ping\"}")) {
              fuzzer.await(
                  m -> LiveClient.type(m).equals("pong") || fuzzer.isClosed(),
                  Duration.ofSeconds(30));
            }
            answers.addAll(fuzzer.messages());
            unparsable.addAll(fuzzer.unparsable());
          }
        }

        assertThat(unparsable).isEmpty();
        assertThat(answers).allSatisfy(m -> assertThat(TYPES).contains(LiveClient.type(m)));
        assertThat(answers)
            .filteredOn(m -> LiveClient.type(m).equals("error"))
            .isNotEmpty()
            .allSatisfy(m -> assertThat(CODES).contains(m.get("code").asString()));
        assertThat(answers).noneMatch(m -> m.toString().contains(victimTenant));

        String id = SharedStack.api(victimToken).createTicket("still flowing").id();
        victim.awaitResult("q", r -> ids(r).contains(id), Duration.ofSeconds(2));
        HttpResponse<String> health =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(url + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      }
    } finally {
      stack.stopGateway(gateway);
    }
  }

  private static String mutate(String seed, Random random) {
    StringBuilder frame = new StringBuilder(seed);
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations && frame.length() > 0; i++) {
      int at = random.nextInt(frame.length());
      switch (random.nextInt(6)) {
        case 0 -> frame.setCharAt(at, (char) (32 + random.nextInt(95)));
        case 1 -> frame.deleteCharAt(at);
        case 2 -> frame.insert(at, "{\"x\":[1,{\"y\":null}],\"type\":\"subscribe\"}");
        case 3 -> frame.setLength(at);
        case 4 -> frame.insert(at, random.nextBoolean() ? "-1e309" : "\"\\u0000\"");
        default -> frame.insert(at, "\"id\":\"" + "z".repeat(random.nextInt(300)) + "\",");
      }
    }
    return frame.toString();
  }
}
