package io.keeplive.stack.operations;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static io.keeplive.stack.testing.Subscriptions.ticket;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.Map;

/**
 * Traffic that exercises every path a metric observes: REST writes of every action type, a
 * refetch-mode list, a stream-mode list and a single-record subscription on one WebSocket, each
 * change awaited at the client so that the pipeline has really run end to end.
 */
final class Traffic {

  private Traffic() {}

  static void drive(EmbeddedStack stack) {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("ops", tenant, "admin");
    Api admin = SharedStack.api(token);
    try (LiveClient client = LiveClient.authenticated(stack.gatewayUrl().toString(), token)) {
      client.send(listTickets("list"));
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"stream\",\"resource\":\"tickets\","
              + "\"sort\":[\"-updated_at\"],\"limit\":100,\"mode\":\"stream\"}");
      client.awaitResult("list", r -> true, Duration.ofSeconds(10));
      String id = admin.createTicket("metrics for the dashboard").id();
      client.send(ticket("record", id));
      client.awaitResult("list", r -> ids(r).contains(id), Duration.ofSeconds(5));
      admin.updateTicket(id, Map.of("title", "metrics for the dashboard, updated"));
      admin.assign(id, "bob");
      admin.deleteTicket(id);
      client.awaitResult("list", r -> !ids(r).contains(id), Duration.ofSeconds(5));
      client.awaitResult("record", r -> r.get("rows").isEmpty(), Duration.ofSeconds(5));
    }
  }
}
