package io.keeplive.stack.gateway;

import static io.keeplive.stack.testing.Subscriptions.ids;
import static io.keeplive.stack.testing.Subscriptions.listTickets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Metrics;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator's view of a gateway: the live actuator endpoint and the path metrics. */
class DebugAndMetricsEndToEndTest {

  @Test
  void theLiveEndpointListsTopicsWithSubscriptionCountsAndCohorts() throws Exception {
    EmbeddedStack stack = SharedStack.get();
    String tenant = TestTokens.randomTenant();
    String url = stack.gatewayUrl().toString();
    try (LiveClient a = LiveClient.authenticated(url, TestTokens.token("a", tenant, "admin"));
        LiveClient b = LiveClient.authenticated(url, TestTokens.token("b", tenant, "admin"))) {
      a.send(listTickets("q"));
      b.send(listTickets("q"));
      a.awaitResult("q", r -> true, Duration.ofSeconds(10));
      b.awaitResult("q", r -> true, Duration.ofSeconds(10));

      JsonNode live =
          LiveClient.parse(
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(stack.gatewayManagementUrl().resolve("/actuator/live"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      JsonNode topic = live.get("tenants").get(tenant).get("tickets");
      assertThat(topic.get("subscriptions").asInt()).isEqualTo(2);
      assertThat(topic.get("cohorts").size()).as("two admins, one cohort").isEqualTo(1);
    }
  }

  @Test
  void aPushIsMeasuredFromCommitAndKafkaLagIsExported() {
    EmbeddedStack stack = SharedStack.get();
    URI url = stack.gatewayUrl();
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("a", tenant, "admin");
    double before = Metrics.sum(url, "keeplive_gateway_e2e_latency_seconds_count");
    try (LiveClient client = LiveClient.authenticated(url.toString(), token)) {
      client.send(listTickets("q"));
      client.awaitResult("q", r -> true, Duration.ofSeconds(10));
      String id = SharedStack.api(token).createTicket("measured").id();
      client.awaitResult("q", r -> ids(r).contains(id), Duration.ofSeconds(2));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Metrics.sum(url, "keeplive_gateway_e2e_latency_seconds_count") > before);
    assertThat(Metrics.scrape(url)).contains("kafka_consumer_fetch_manager_records_lag{");
    assertThat(Metrics.sum(url, "keeplive_gateway_notifications_total", "outcome=\"matched\""))
        .isPositive();
    assertThat(Metrics.sum(url, "keeplive_gateway_pushes_total", "type=\"result\"")).isPositive();
  }
}
