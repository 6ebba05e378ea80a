package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.Metrics;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * SPEC §4 guarantee 4 with a client that really stops reading: the gateway drops what it cannot
 * deliver and resyncs with a fresh {@code result}; once the client reads again its view is exact
 * and {@code seq} has no gap. Four refetch subscriptions of the same client (~60 KB per result)
 * fill the sockets between gateway and client quickly; the bound of unsent bytes (1 MiB) holds
 * their latest results, the stream's and what Netty may hold, but not a few thousand row changes.
 */
class SlowConsumerEndToEndTest {

  @Test
  void aClientThatStopsReadingIsResyncedAndEndsWithAnExactViewWithoutSeqGaps() {
    EmbeddedStack stack = SharedStack.get();
    ConfigurableApplicationContext gateway =
        stack.startGateway(
            0, Map.of("keeplive.gateway.limits.max-unsent-bytes", String.valueOf(1024 * 1024)));
    URI url = stack.gatewayUrl(gateway);
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ada", tenant, "admin");
    Api admin = SharedStack.api(token);
    List<String> ids = admin.createBulkyTickets(150);
    try (PausableClient client = new PausableClient(url.toString())) {
      client.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"s\",\"resource\":\"tickets\","
              + "\"sort\":[\"-updated_at\"],\"limit\":500,\"mode\":\"stream\"}");
      await().until(() -> !client.messagesFor("s").isEmpty());
      for (String ballast : List.of("b0", "b1", "b2", "b3")) {
        client.send(
            "{\"type\":\"subscribe\",\"id\":\""
                + ballast
                + "\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":500}");
        await().until(() -> !client.messagesFor(ballast).isEmpty());
      }
      client.pause();

      double resyncsBefore = Metrics.sum(url, "keeplive_gateway_resyncs_total");
      int round = 0;
      while (Metrics.sum(url, "keeplive_gateway_resyncs_total") == resyncsBefore && round < 200) {
        String status = round % 2 == 0 ? "closed" : "open";
        if (round % 2 == 0) {
          admin.call("POST", "/api/tickets/bulk-close", Map.of("ids", ids)).expect(200);
        } else {
          for (String id : ids.subList(0, 50)) {
            admin.updateTicket(id, Map.of("status", status));
          }
        }
        round++;
      }
      assertThat(Metrics.sum(url, "keeplive_gateway_resyncs_total")).isGreaterThan(resyncsBefore);
      assertThat(Metrics.sum(url, "keeplive_gateway_drops_total")).isPositive();
      client.resume();

      Map<String, String> expected = new LinkedHashMap<>();
      for (JsonNode row : admin.listTickets("sort=-updated_at&limit=500").body()) {
        expected.put(row.get("id").asString(), row.toString());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(view(client)).isEqualTo(expected));
      List<String> types = client.messagesFor("s").stream().map(LiveClient::type).toList();
      assertThat(types.subList(1, types.size())).as("a resync mid-stream").contains("result");
    } finally {
      stack.stopGateway(gateway);
    }
  }

  private static Map<String, String> view(PausableClient client) {
    Map<String, String> rows = new LinkedHashMap<>();
    long expected = 1;
    for (JsonNode m : client.messagesFor("s")) {
      assertThat(m.get("seq").asLong()).as("seq without gap").isEqualTo(expected++);
      switch (LiveClient.type(m)) {
        case "result" -> {
          rows.clear();
          m.get("rows").forEach(r -> rows.put(r.get("id").asString(), r.toString()));
        }
        case "insert", "update" ->
            rows.put(m.get("row").get("id").asString(), m.get("row").toString());
        case "delete" -> rows.remove(m.get("row").get("id").asString());
        default -> {}
      }
    }
    return rows;
  }
}
