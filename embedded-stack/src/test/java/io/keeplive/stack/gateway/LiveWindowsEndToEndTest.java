package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Keyset windows through the whole stack (SPEC §4.2, issue 16 acceptance): an agent pages through a
 * live ticket list the way the TypeScript client's {@code loadMore} does — each page that is left
 * behind is pinned with {@code until} at its {@code next}, the following one opened {@code after}
 * it — while an admin creates tickets, edits them (moving them to the top across page boundaries),
 * reassigns them (a policy change: the agent's visibility changes) and deletes them. Once writes
 * stop, the pages together equal a fresh authorized query: no row missing, none twice, in order.
 */
class LiveWindowsEndToEndTest {

  private static final Duration FIRST = Duration.ofSeconds(15);
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String SORT = "\"sort\":[\"-updated_at\"]";

  private static String gateway() {
    return SharedStack.get().gatewayUrl().toString();
  }

  private static String subscribe(String id, String mode, int limit, String after, String until) {
    return "{\"type\":\"subscribe\",\"id\":\""
        + id
        + "\",\"resource\":\"tickets\","
        + SORT
        + ",\"limit\":"
        + limit
        + (after == null ? "" : ",\"after\":\"" + after + "\"")
        + (until == null ? "" : ",\"until\":\"" + until + "\"")
        + ",\"mode\":\""
        + mode
        + "\"}";
  }

  /** One random write by the admin: create, edit (moves to the top), reassign, or delete. */
  private static void write(Api admin, Random random, List<String> ids) {
    int kind = ids.isEmpty() ? 0 : random.nextInt(5);
    switch (kind) {
      case 0 -> ids.add(admin.createTicket("t" + random.nextInt(1000)).id());
      case 1 ->
          admin.updateTicket(
              ids.get(random.nextInt(ids.size())), Map.of("title", "e" + random.nextInt(1000)));
      case 2 ->
          admin.assign(
              ids.get(random.nextInt(ids.size())), List.of("alex", "bob").get(random.nextInt(2)));
      case 3 ->
          admin.updateTicket(
              ids.get(random.nextInt(ids.size())),
              Map.of("status", List.of("open", "closed").get(random.nextInt(2))));
      default -> admin.deleteTicket(ids.remove(random.nextInt(ids.size())));
    }
  }

  /** The ids of a subscription's view: its last result (refetch) or result + row changes. */
  private static List<String> view(LiveClient client, String id, String mode) {
    if (mode.equals("stream")) {
      return new ArrayList<>(StreamView.of(client, id).keySet());
    }
    List<String> ids = new ArrayList<>();
    client.latestResult(id).ifPresent(r -> r.get("rows").forEach(row -> ids.add(idOf(row))));
    return ids;
  }

  private static String idOf(JsonNode row) {
    return row.get("id").asString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"refetch", "stream"})
  void pagesOfALiveListHoldEveryVisibleRowOnceUnderConcurrentWrites(String mode) {
    String tenant = TestTokens.randomTenant();
    Api admin = SharedStack.api(TestTokens.token("ada", tenant, "admin"));
    String agentToken = TestTokens.token("alex", tenant, "agent");
    Api agent = SharedStack.api(agentToken);
    Random random = new Random(mode.hashCode());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(admin.createTicket("t" + i).id());
    }
    for (int i = 0; i < 6; i++) {
      write(admin, random, ids);
    }
    List<String> windows = new ArrayList<>();
    try (LiveClient client = LiveClient.authenticated(gateway(), agentToken)) {
      String after = null;
      for (int page = 0; page < 30; page++) {
        String id = "p" + page;
        client.send(subscribe(id, mode, 3, after, null));
        JsonNode result = client.awaitResult(id, r -> r.has("has_more"), FIRST);
        windows.add(id);
        if (!result.get("has_more").asBoolean()) {
          break;
        }
        String next = result.get("next").asString();
        // Pin the page just read at its last row, then open the next one after it.
        client.send("{\"type\":\"unsubscribe\",\"id\":\"" + id + "\"}");
        String pinned = id + "-pinned";
        client.send(subscribe(pinned, mode, 500, after, next));
        windows.set(windows.size() - 1, pinned);
        client.awaitResult(pinned, r -> true, FIRST);
        after = next;
        write(admin, random, ids);
        write(admin, random, ids);
      }
      assertThat(windows.size()).as("the list spans several pages").isGreaterThan(2);
      for (int i = 0; i < 12; i++) {
        write(admin, random, ids);
      }
      List<String> expected = new ArrayList<>();
      agent
          .listTickets("sort=-updated_at&limit=500")
          .body()
          .forEach(row -> expected.add(idOf(row)));
      await()
          .atMost(BOUND)
          .untilAsserted(
              () -> {
                List<String> together = new ArrayList<>();
                for (String window : windows) {
                  List<String> rows = view(client, window, mode);
                  if (mode.equals("stream")) {
                    rows.sort(java.util.Comparator.comparingInt(expected::indexOf));
                  }
                  together.addAll(rows);
                }
                assertThat(together).isEqualTo(expected);
              });
      assertThat(new HashSet<>(expected)).hasSameSizeAs(expected);
      assertThat(List.copyOf(client.unparsable())).isEmpty();
    }
  }

  @Test
  void aCursorOfAnotherSortOrADamagedOneIsABadRequestOnTheSubscription() {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    admin.createTicket("one");
    admin.createTicket("two");
    try (LiveClient client = LiveClient.authenticated(gateway(), token)) {
      client.send(subscribe("a", "refetch", 1, null, null));
      String next = client.awaitResult("a", r -> true, FIRST).get("next").asString();
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"b\",\"resource\":\"tickets\",\"sort\":[\"created_at\"],"
              + "\"after\":\""
              + next
              + "\"}");
      client.send(subscribe("c", "refetch", 1, "x" + next, null));
      for (String id : List.of("b", "c")) {
        JsonNode error =
            client.await(
                m -> m.has("id") && id.equals(m.get("id").asString()) && m.has("code"), FIRST);
        assertThat(error.get("code").asString()).as(id).isEqualTo("bad_request");
        assertThat(error.get("message").asString()).contains("after");
      }
      client.send(subscribe("d", "refetch", 1, next, null));
      JsonNode second = client.awaitResult("d", r -> true, FIRST);
      assertThat(second.get("rows")).hasSize(1);
      assertThat(second.get("has_more").asBoolean()).isFalse();
    }
  }

  @Test
  void aResubscriptionWithTheEtagOfUnchangedRowsIsAnsweredUnchangedWithTheWindowsPageFields() {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    for (int i = 0; i < 3; i++) {
      admin.createTicket("t" + i);
    }
    String frame = subscribe("q", "refetch", 2, null, null);
    JsonNode first;
    try (LiveClient client = LiveClient.authenticated(gateway(), token)) {
      client.send(frame);
      first = client.awaitResult("q", r -> true, FIRST);
    }
    String etag = first.get("etag").asString();
    String resume = frame.substring(0, frame.length() - 1) + ",\"etag\":\"" + etag + "\"}";
    try (LiveClient client = LiveClient.authenticated(gateway(), token)) {
      client.send(resume);
      JsonNode unchanged = client.awaitResult("q", r -> true, FIRST);
      assertThat(unchanged.get("unchanged").asBoolean()).isTrue();
      assertThat(unchanged.has("rows")).isFalse();
      assertThat(unchanged.get("seq").asLong()).isEqualTo(1);
      assertThat(unchanged.get("etag").asString()).isEqualTo(etag);
      assertThat(unchanged.get("has_more")).isEqualTo(first.get("has_more"));
      assertThat(unchanged.get("next")).isEqualTo(first.get("next"));
      // Live from there: a change is a full result with a new etag.
      admin.updateTicket(firstRowId(first), Map.of("title", "changed"));
      JsonNode changed = client.awaitResult("q", r -> r.has("rows"), BOUND);
      assertThat(changed.get("seq").asLong()).isEqualTo(2);
      assertThat(changed.get("etag").asString()).isNotEqualTo(etag);
    }
    try (LiveClient client = LiveClient.authenticated(gateway(), token)) {
      client.send(resume);
      JsonNode stale = client.awaitResult("q", r -> true, FIRST);
      assertThat(stale.has("unchanged")).as("the rows changed since that etag").isFalse();
      assertThat(stale.get("rows")).hasSize(2);
    }
  }

  private static String firstRowId(JsonNode result) {
    return idOf(result.get("rows").get(0));
  }
}
