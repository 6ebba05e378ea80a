package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Refetch cohorts on a gateway instance of their own (so its metrics count only this test): equal
 * query + policy cohort share one refetch, different cohorts of one query go into one batched live
 * API call, and unchanged results are not pushed.
 */
class CohortEndToEndTest {

  private static EmbeddedStack stack;
  private static ConfigurableApplicationContext gateway;
  private static URI url;

  @BeforeAll
  static void startOwnGateway() {
    stack = SharedStack.get();
    gateway = stack.startGateway(0);
    url = stack.gatewayUrl(gateway);
  }

  @AfterAll
  static void stopOwnGateway() {
    stack.stopGateway(gateway);
  }

  /** Cohorts refetched: lists read in full plus results updated by merging the changed rows. */
  private static double refetches() {
    return Metrics.sum(url, "keeplive_gateway_refetches_total")
        + Metrics.sum(url, "keeplive_gateway_refetches_merged_total");
  }

  private static double liveApiCalls() {
    return Metrics.sum(url, "keeplive_gateway_refetch_latency_seconds_count");
  }

  /** Waits until no refetch is running or pending (the counters stop moving). */
  private static void awaitQuiet() {
    AtomicReference<Double> last = new AtomicReference<>(-1d);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              double now = refetches() + liveApiCalls();
              return now == last.getAndSet(now);
            });
  }

  @Test
  void fiveAdminsAndThreeAgentsOnOneQueryCostFourRefetchesInOneCallPerChange() {
    String tenant = TestTokens.randomTenant();
    Api admin = SharedStack.api(TestTokens.token("boss", tenant, "admin"));
    List<LiveClient> admins = new ArrayList<>();
    List<LiveClient> agents = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        admins.add(
            LiveClient.authenticated(
                url.toString(), TestTokens.token("admin" + i, tenant, "admin")));
      }
      for (int i = 0; i < 3; i++) {
        agents.add(
            LiveClient.authenticated(
                url.toString(), TestTokens.token("agent" + i, tenant, "agent")));
      }
      List<LiveClient> all = new ArrayList<>(admins);
      all.addAll(agents);
      all.forEach(c -> c.send(listTickets("q")));
      all.forEach(c -> c.awaitResult("q", r -> true, Duration.ofSeconds(10)));
      awaitQuiet();

      double refetchesBefore = refetches();
      double callsBefore = liveApiCalls();
      String id = admin.createTicket("unassigned: every agent and admin sees it").id();
      all.forEach(c -> c.awaitResult("q", r -> ids(r).contains(id), Duration.ofSeconds(2)));
      awaitQuiet();

      assertThat(refetches() - refetchesBefore)
          .as("one refetch for the admins' cohort, one per agent")
          .isEqualTo(4);
      assertThat(liveApiCalls() - callsBefore).as("batched into one live API call").isEqualTo(1);

      // Assigned to someone else: the admins' rows change, the agents' do not.
      int agentMessagesBefore = agents.get(0).messagesFor("q").size();
      admin.assign(id, "zed");
      admins.forEach(
          c ->
              c.awaitResult(
                  "q",
                  r -> r.toString().contains("\"assignee_id\":\"zed\""),
                  Duration.ofSeconds(2)));
      all.forEach(c -> c.awaitResult("q", r -> true, Duration.ofSeconds(2)));
      awaitQuiet();
      agents.forEach(c -> c.awaitResult("q", r -> !ids(r).contains(id), Duration.ofSeconds(2)));
      assertThat(agents.get(0).messagesFor("q").size()).isEqualTo(agentMessagesBefore + 1);

      // A change nobody's rows reflect differently is refetched but not pushed.
      int adminMessages = admins.get(0).messagesFor("q").size();
      String other = admin.createTicket("assigned away at once").id();
      admin.assign(other, "zed");
      admins.get(0).awaitResult("q", r -> ids(r).contains(other), Duration.ofSeconds(2));
      awaitQuiet();
      int agentMessages = agents.get(1).messagesFor("q").size();
      admin.updateTicket(other, java.util.Map.of("title", "still zed's"));
      admins
          .get(0)
          .awaitResult("q", r -> r.toString().contains("still zed's"), Duration.ofSeconds(2));
      awaitQuiet();
      assertThat(agents.get(1).messagesFor("q").size())
          .as("agents' rows did not change, so nothing was pushed to them")
          .isEqualTo(agentMessages);
      assertThat(admins.get(0).messagesFor("q").size()).isGreaterThan(adminMessages);
    } finally {
      admins.forEach(LiveClient::close);
      agents.forEach(LiveClient::close);
    }
  }
}
