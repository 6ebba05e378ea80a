package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.Metrics;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.stack.testing.Subscriptions;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The refetch hint (changed rows + "recheck") skips cohorts whose view cannot have changed.
 * Skipping one that could would leave a view stale forever, so: many users with small, limited
 * views (rows fall out and must be backfilled), a random mix of creates, assignments, status
 * changes and deletes, then every view must equal a fresh authorized query, and the skip path must
 * have been taken.
 */
class RelevanceConvergenceEndToEndTest {

  private static final int LIMIT = 4;

  private static String stream() {
    return "{\"type\":\"subscribe\",\"id\":\"s\",\"resource\":\"tickets\","
        + "\"sort\":[\"-updated_at\"],\"limit\":"
        + LIMIT
        + ",\"mode\":\"stream\"}";
  }

  private static String openList() {
    return "{\"type\":\"subscribe\",\"id\":\"r\",\"resource\":\"tickets\","
        + "\"filter\":{\"status\":\"open\"},\"sort\":[\"-updated_at\"],\"limit\":"
        + LIMIT
        + "}";
  }

  @Test
  void mergedResultsConvergeToAFreshAuthorizedQuery() {
    URI url = SharedStack.get().gatewayUrl();
    String tenant = TestTokens.randomTenant();
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put("ada", "admin");
    for (String agent : List.of("alex", "bob", "cy")) {
      roles.put(agent, "agent");
    }
    roles.put("vic", "viewer");
    Map<String, Api> apis = new LinkedHashMap<>();
    Map<String, LiveClient> clients = new LinkedHashMap<>();
    List<String> agents = List.of("alex", "bob", "cy");
    double mergedBefore = Metrics.sum(url, "keeplive_gateway_refetches_merged_total");
    try {
      roles.forEach(
          (user, role) -> {
            String token = TestTokens.token(user, tenant, role);
            apis.put(user, SharedStack.api(token));
            LiveClient client = LiveClient.authenticated(url.toString(), token);
            client.send(stream()).send(openList());
            clients.put(user, client);
          });
      clients.values().forEach(c -> c.awaitResult("s", r -> true, Duration.ofSeconds(10)));
      clients.values().forEach(c -> c.awaitResult("r", r -> true, Duration.ofSeconds(10)));

      Api admin = apis.get("ada");
      Random random = new Random(7);
      List<String> tickets = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int op = tickets.size() < 3 ? 0 : random.nextInt(10);
        String agent = agents.get(random.nextInt(agents.size()));
        if (op <= 2) {
          Api author = op == 2 ? apis.get(agent) : op == 1 ? apis.get("vic") : admin;
          tickets.add(author.createTicket("t" + i).id());
        } else {
          String id = tickets.get(random.nextInt(tickets.size()));
          if (op <= 5) {
            admin.assign(id, agent);
          } else if (op <= 8) {
            admin.updateTicket(
                id, Map.of("status", List.of("open", "in_progress", "closed").get(op - 6)));
          } else {
            admin.deleteTicket(id);
            tickets.remove(id);
          }
        }
      }

      // A tail that only takes rows out of views (nothing new becomes visible that would force a
      // full read anyway): the views must still lose them.
      List<String> newest =
          List.copyOf(
              StreamView.byId(admin.listTickets("sort=-updated_at&limit=6").body()).keySet());
      admin.assign(newest.get(0), "bob");
      admin.assign(newest.get(1), "cy");
      admin.updateTicket(newest.get(2), Map.of("status", "closed"));
      admin.deleteTicket(newest.get(3));

      for (var entry : clients.entrySet()) {
        Api api = apis.get(entry.getKey());
        LiveClient client = entry.getValue();
        Map<String, JsonNode> expected =
            StreamView.byId(api.listTickets("sort=-updated_at&limit=" + LIMIT).body());
        List<String> expectedOpen =
            List.copyOf(
                StreamView.byId(
                        api.listTickets("status=open&sort=-updated_at&limit=" + LIMIT).body())
                    .keySet());
        await()
            .atMost(Duration.ofSeconds(2))
            .untilAsserted(
                () -> {
                  assertThat(StreamView.of(client, "s"))
                      .as("%s's stream view", entry.getKey())
                      .isEqualTo(expected);
                  assertThat(client.latestResult("r").map(Subscriptions::ids).orElseThrow())
                      .as("%s's open list", entry.getKey())
                      .isEqualTo(expectedOpen);
                });
      }
      assertThat(Metrics.sum(url, "keeplive_gateway_refetches_merged_total"))
          .as("some cohorts were updated by merging changed rows")
          .isGreaterThan(mergedBefore);
    } finally {
      clients.values().forEach(LiveClient::close);
    }
  }
}
