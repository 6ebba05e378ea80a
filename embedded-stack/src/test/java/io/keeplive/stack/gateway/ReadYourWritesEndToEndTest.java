package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §4.1 on the real stack (PostgreSQL, Kafka, relay, two gateway instances): a client writes
 * over REST, sends {@code sync} with the {@code Keeplive-Position} it got, and when {@code synced}
 * arrives its views already hold the write — while another client of the same tenant keeps writing.
 * A sync for a position nobody wrote times out; malformed and excess syncs are refused.
 */
class ReadYourWritesEndToEndTest {

  /** Trials per run; the acceptance run sets {@code -Dkeeplive.sync.trials=1000}. */
  private static final int TRIALS = Integer.getInteger("keeplive.sync.trials", 150);

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String LIST =
      "{\"type\":\"subscribe\",\"id\":\"list\",\"resource\":\"tickets\","
          + "\"filter\":{\"status\":\"open\"},\"sort\":[\"-created_at\"],\"limit\":500}";
  private static final String STREAM =
      "{\"type\":\"subscribe\",\"id\":\"stream\",\"resource\":\"tickets\","
          + "\"filter\":{\"status\":\"open\"},\"sort\":[\"-created_at\"],\"limit\":500,"
          + "\"mode\":\"stream\"}";

  private static ConfigurableApplicationContext second;

  @BeforeAll
  static void startASecondGateway() {
    second =
        SharedStack.get()
            .startGateway(
                0,
                Map.of(
                    "keeplive.gateway.sync.timeout", "2s",
                    "keeplive.gateway.sync.max-pending", "2"));
  }

  @AfterAll
  static void stopIt() {
    SharedStack.get().stopGateway(second);
  }

  @Test
  void whenSyncedArrivesTheViewsOnEitherGatewayAlreadyHoldTheWriteWhileOthersWrite()
      throws Exception {
    EmbeddedStack stack = SharedStack.get();
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api api = SharedStack.api(token);
    AtomicBoolean writing = new AtomicBoolean(true);
    String otherToken = TestTokens.token("bob", tenant, "admin");
    Thread other = new Thread(() -> writeConcurrently(otherToken, writing), "other-writer");
    other.start();
    try (LiveClient one = subscribed(stack.gatewayUrl(), token);
        LiveClient two = subscribed(stack.gatewayUrl(second), token)) {
      for (int trial = 0; trial < TRIALS; trial++) {
        LiveClient client = trial % 2 == 0 ? one : two;
        Api.Response created = api.createTicket("mine " + trial);
        assertThat(created.position()).as("Keeplive-Position").isNotNull().containsOnlyDigits();
        String ref = "r" + trial;
        client.send(
            "{\"type\":\"sync\",\"ref\":\""
                + ref
                + "\",\"position\":\""
                + created.position()
                + "\"}");
        client.await(m -> isSynced(m, ref), WAIT);

        List<JsonNode> beforeSynced = upTo(client.messages(), ref);
        assertThat(refetchView(beforeSynced))
            .as("trial %d: refetch view when synced %s arrived", trial, ref)
            .contains(created.id());
        assertThat(streamView(beforeSynced))
            .as("trial %d: stream view when synced %s arrived", trial, ref)
            .containsKey(created.id());
      }
    } finally {
      writing.set(false);
      other.join();
    }
  }

  @Test
  void aSyncForAPositionNotYetWrittenTimesOutAndMalformedOrExcessSyncsAreRefusedWithTheirRef() {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    long written = Long.parseLong(SharedStack.api(token).createTicket("one").position());
    String future = Long.toString(written + 1_000_000_000L);
    try (LiveClient client =
        LiveClient.authenticated(SharedStack.get().gatewayUrl(second).toString(), token)) {
      client.send("{\"type\":\"sync\",\"ref\":\"late\",\"position\":\"" + future + "\"}");
      client.send("{\"type\":\"sync\",\"ref\":\"later\",\"position\":\"" + future + "\"}");
      client.send("{\"type\":\"sync\",\"ref\":\"excess\",\"position\":\"" + future + "\"}");
      client.send("{\"type\":\"sync\",\"ref\":\"bad\",\"position\":\"-4\"}");

      assertThat(client.await(m -> isError(m, "excess"), WAIT).get("code").asString())
          .isEqualTo("too_many_syncs");
      assertThat(client.await(m -> isError(m, "bad"), WAIT).get("code").asString())
          .isEqualTo("bad_request");
      JsonNode timedOut = client.await(m -> isError(m, "late"), WAIT);
      assertThat(timedOut.get("code").asString()).isEqualTo("sync_timeout");
      assertThat(timedOut.has("id")).isFalse();
      client.await(m -> isError(m, "later"), WAIT);
      assertThat(client.messages()).noneMatch(m -> LiveClient.type(m).equals("synced"));

      // Once the waiting ones are answered, a sync of a written position is answered again.
      client.send("{\"type\":\"sync\",\"ref\":\"now\",\"position\":\"" + written + "\"}");
      assertThat(client.await(m -> isSynced(m, "now"), WAIT).get("position").asString())
          .isEqualTo(Long.toString(written));
    }
  }

  @Test
  void aBrowserOnAnAllowedOriginMayReadTheKeeplivePositionOfAWrite() throws Exception {
    EmbeddedStack stack = SharedStack.get();
    String token = TestTokens.token("ada", TestTokens.randomTenant(), "admin");
    String origin = stack.gatewayUrl().toString().replaceAll("/$", "");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(stack.resourceServiceUrl().resolve("/api/tickets"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"cors\"}"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Origin", origin)
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Keeplive-Position")).isPresent();
    assertThat(response.headers().allValues("Access-Control-Expose-Headers"))
        .anySatisfy(value -> assertThat(value).contains("Keeplive-Position"));
  }

  private static LiveClient subscribed(URI gateway, String token) {
    LiveClient client = LiveClient.authenticated(gateway.toString(), token);
    client.send(LIST);
    client.send(STREAM);
    client.awaitResult("list", r -> true, WAIT);
    client.awaitResult("stream", r -> true, WAIT);
    return client;
  }

  /** Another user of the tenant creating and reopening or closing tickets until told to stop. */
  private static void writeConcurrently(String token, AtomicBoolean writing) {
    Api api = SharedStack.api(token);
    List<String> mine = new ArrayList<>();
    AtomicInteger n = new AtomicInteger();
    while (writing.get()) {
      int i = n.incrementAndGet();
      if (mine.size() < 10) {
        mine.add(api.createTicket("other " + i).id());
      } else {
        String id = mine.get(i % mine.size());
        api.updateTicket(id, Map.of("status", i % 3 == 0 ? "open" : "in_progress"));
      }
    }
  }

  /** Every message received before {@code synced} of {@code ref}. */
  private static List<JsonNode> upTo(List<JsonNode> messages, String ref) {
    List<JsonNode> before = new ArrayList<>();
    for (JsonNode message : messages) {
      if (isSynced(message, ref)) {
        return before;
      }
      before.add(message);
    }
    throw new AssertionError("no synced " + ref);
  }

  private static Set<String> refetchView(List<JsonNode> messages) {
    JsonNode latest = null;
    for (JsonNode message : messages) {
      if (isFor(message, "list", "result")) {
        latest = message;
      }
    }
    Set<String> ids = new HashSet<>();
    if (latest != null) {
      latest.get("rows").forEach(row -> ids.add(row.get("id").asString()));
    }
    return ids;
  }

  private static Map<String, JsonNode> streamView(List<JsonNode> messages) {
    Map<String, JsonNode> view = new LinkedHashMap<>();
    for (JsonNode message : messages) {
      if (!"stream".equals(text(message, "id"))) {
        continue;
      }
      switch (LiveClient.type(message)) {
        case "result" -> {
          view.clear();
          message.get("rows").forEach(row -> view.put(row.get("id").asString(), row));
        }
        case "insert", "update" ->
            view.put(message.get("row").get("id").asString(), message.get("row"));
        case "delete" -> view.remove(message.get("row").get("id").asString());
        default -> {}
      }
    }
    return view;
  }

  private static boolean isSynced(JsonNode message, String ref) {
    return LiveClient.type(message).equals("synced") && ref.equals(text(message, "ref"));
  }

  private static boolean isError(JsonNode message, String ref) {
    return LiveClient.type(message).equals("error") && ref.equals(text(message, "ref"));
  }

  private static boolean isFor(JsonNode message, String id, String type) {
    return LiveClient.type(message).equals(type) && id.equals(text(message, "id"));
  }

  private static String text(JsonNode message, String field) {
    JsonNode value = message.get(field);
    return value == null ? null : value.asString();
  }
}
