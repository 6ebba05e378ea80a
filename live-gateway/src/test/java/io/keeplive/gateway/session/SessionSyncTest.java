package io.keeplive.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.Plan;
import io.keeplive.gateway.refetch.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sync} in one session against the real registry (SPEC §4.1), with the live API's answers
 * released by the test: {@code synced} comes only after the subscription's first result and after
 * the refetch a notification up to the position caused was queued, behind it; a position that never
 * arrives times out.
 */
class SessionSyncTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final FakeSocket socket = new FakeSocket();
  private final List<Sinks.One<List<LiveApi.ActorResult>>> queries = new CopyOnWriteArrayList<>();
  private CohortRegistry registry;

  @AfterEach
  void stopTime() {
    time.dispose();
  }

  private void start() {
    LiveApi api =
        new LiveApi() {
          @Override
          public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
            ObjectNode query = JSON.createObjectNode();
            query.put("resource", "tickets");
            return Mono.just(
                new PlanOutcome.Planned(
                    new Plan("tickets", Plan.Kind.LIST, List.of("tickets"), "admins", query)));
          }

          @Override
          public Mono<List<ActorResult>> query(
              String resource, ObjectNode query, List<String> actors) {
            Sinks.One<List<ActorResult>> answer = Sinks.one();
            queries.add(answer);
            return answer.asMono();
          }
        };
    GatewayProperties properties = GatewayProperties.defaults();
    registry = new CohortRegistry(api, properties.refetch(), GatewayListener.NONE, time, false);
    socket.authenticatedSession("admin", api, registry, properties, GatewayListener.NONE, time);
  }

  private void send(String frame) {
    socket.incoming.tryEmitNext(FakeSocket.text(frame));
  }

  private void answer(int call, String rows) {
    queries
        .get(call)
        .tryEmitValue(List.of(new LiveApi.ActorResult.Fetched(Rows.of(JSON.readTree(rows)))));
    time.advanceTime();
  }

  private List<JsonNode> frames() {
    return socket.texts().stream().map(JSON::readTree).toList();
  }

  private List<String> types() {
    return frames().stream()
        .map(f -> f.get("type").asString() + (f.has("ref") ? ":" + f.get("ref").asString() : ""))
        .toList();
  }

  private static ResourceChanged change(long position) {
    return new ResourceChanged(
        UUID.randomUUID(),
        "acme",
        "tickets",
        "update",
        ActionType.UPDATE,
        "t1",
        List.of("tickets"),
        "bob",
        List.of("status"),
        Instant.now(),
        null,
        position);
  }

  @Test
  void syncedWaitsForTheFirstResultAndForTheRefetchOfEveryNotificationUpToItsPosition() {
    start();
    send("{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\"}");
    send("{\"type\":\"sync\",\"ref\":\"first\",\"position\":\"0\"}");
    time.advanceTime();
    assertThat(types()).as("no first result yet").containsExactly("auth_ok");

    answer(0, "[{\"id\":\"t1\",\"status\":\"open\"}]");
    assertThat(types()).containsExactly("auth_ok", "result", "synced:first");

    registry.onNotification(change(42));
    send("{\"type\":\"sync\",\"ref\":\"mine\",\"position\":\"42\"}");
    // The group refetches at most once per coalescing window, measured on the real clock: on a
    // fast machine the second refetch waits out the rest of the window, on the scheduler's time.
    time.advanceTimeBy(GatewayProperties.defaults().refetch().coalesceWindow());
    assertThat(types()).as("the refetch of 42 is still in flight").doesNotContain("synced:mine");

    answer(1, "[{\"id\":\"t1\",\"status\":\"closed\"}]");
    List<JsonNode> frames = frames();
    assertThat(types()).endsWith("result", "synced:mine");
    JsonNode result = frames.get(frames.size() - 2);
    assertThat(result.get("rows").get(0).get("status").asString()).isEqualTo("closed");
    assertThat(result.get("at").asString()).isEqualTo("42");
    assertThat(frames.get(frames.size() - 1).get("position").asString()).isEqualTo("42");
  }

  @Test
  void aPositionThatNeverArrivesIsAnsweredWithSyncTimeoutAfterTheSyncTimeout() {
    start();
    send("{\"type\":\"sync\",\"ref\":\"never\",\"position\":\"7\"}");
    time.advanceTimeBy(Duration.ofSeconds(9));
    assertThat(types()).containsExactly("auth_ok");

    time.advanceTimeBy(Duration.ofSeconds(1));

    assertThat(types()).containsExactly("auth_ok", "error:never");
    assertThat(frames().get(1).get("code").asString()).isEqualTo("sync_timeout");
    assertThat(registry.watermarks().of("acme").waiting()).as("its wait is gone").isZero();
  }
}
