package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sessions that subscribe together (a connect storm after a gateway restart) are planned in shared
 * batch calls, and each still sees exactly what its own user may read: admins, agents and viewers
 * of two tenants subscribe to the same query at the same moment.
 */
class ConnectTogetherEndToEndTest {

  private static final String QUERY = "sort=-updated_at&limit=100";

  private record Session(String user, String tenant, String role, LiveClient client) {}

  @Test
  void sessionsSubscribingTogetherEachGetOnlyTheRowsTheirOwnUserMaySee() {
    EmbeddedStack stack = SharedStack.get();
    String first = TestTokens.randomTenant();
    String second = TestTokens.randomTenant();
    for (String tenant : List.of(first, second)) {
      Api boss = SharedStack.api(TestTokens.token("boss", tenant, "admin"));
      for (int i = 0; i < 6; i++) {
        String id = boss.createTicket(tenant + " ticket " + i).id();
        if (i % 2 == 0) {
          boss.assign(id, "agent" + (i / 2));
        }
      }
    }
    SharedStack.api(TestTokens.token("v0", first, "viewer")).createTicket("a viewer's own");
    Map<String, Long> before = planCalls(stack);
    List<Session> sessions = new ArrayList<>();
    try {
      for (String tenant : List.of(first, second)) {
        for (String role : List.of("admin", "agent", "viewer")) {
          for (int i = 0; i < 3; i++) {
            String user = role.charAt(0) + (role.equals("agent") ? "gent" : "") + i;
            String token = TestTokens.token(user, tenant, role);
            sessions.add(
                new Session(
                    user,
                    tenant,
                    role,
                    LiveClient.authenticated(stack.gatewayUrl().toString(), token)));
          }
        }
      }
      // Every subscribe at once: the first plans alone, the rest wait for it and go together.
      sessions.forEach(s -> s.client().send(listTickets("q")));
      for (Session session : sessions) {
        JsonNode result = session.client().awaitResult("q", r -> true, Duration.ofSeconds(30));
        Api own =
            SharedStack.api(TestTokens.token(session.user(), session.tenant(), session.role()));
        List<String> expected = new ArrayList<>();
        own.listTickets(QUERY).body().forEach(row -> expected.add(row.get("id").asString()));
        assertThat(ids(result))
            .as("%s (%s of %s)", session.user(), session.role(), session.tenant())
            .containsExactlyElementsOf(expected);
      }
    } finally {
      sessions.forEach(s -> s.client().close());
    }
    Map<String, Long> after = planCalls(stack);
    // Planned through the batch route only, in fewer calls than sessions.
    assertThat(after.get("/api/live/plan")).isEqualTo(before.get("/api/live/plan"));
    assertThat(after.get("/api/live/plans") - before.get("/api/live/plans"))
        .isBetween(1L, (long) sessions.size() - 1);
  }

  @Test
  void anOpenSessionHoldsNoHttpServerObservation() {
    EmbeddedStack stack = SharedStack.get();
    String tenant = TestTokens.randomTenant();
    MeterRegistry gateway = stack.gateways().get(0).getBean(MeterRegistry.class);
    try (LiveClient client =
        LiveClient.authenticated(
            stack.gatewayUrl().toString(), TestTokens.token("idle", tenant, "admin"))) {
      client.send(listTickets("q"));
      client.awaitResult("q", r -> true, Duration.ofSeconds(30));
      // An observation of the upgrade request would last (and hold memory) as long as the session;
      // with none, no session ever records the upgrade's timer.
      assertThat(gateway.find("http.server.requests.active").tag("uri", "/live").longTaskTimers())
          .allSatisfy(active -> assertThat(active.activeTasks()).isZero());
      assertThat(gateway.find("http.server.requests").tag("uri", "/live").timers()).isEmpty();
    }
  }

  private static Map<String, Long> planCalls(EmbeddedStack stack) {
    MeterRegistry meters = stack.resourceService().getBean(MeterRegistry.class);
    return Map.of(
        "/api/live/plan", count(meters, "/api/live/plan"),
        "/api/live/plans", count(meters, "/api/live/plans"));
  }

  private static long count(MeterRegistry meters, String uri) {
    return meters.find("http.server.requests").tag("uri", uri).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
