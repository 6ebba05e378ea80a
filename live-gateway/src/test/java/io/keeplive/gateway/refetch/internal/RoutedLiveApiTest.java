package io.keeplive.gateway.refetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.LiveApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RoutedLiveApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A backend that records which resources it was asked about and refuses everything. */
  private static final class Backend implements LiveApi {
    final List<String> asked = new ArrayList<>();

    @Override
    public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
      asked.add("plan " + subscription.path("resource").asString("?"));
      return Mono.just(new PlanOutcome.Refused(ErrorCode.UNKNOWN_RESOURCE, "recorded"));
    }

    @Override
    public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
      asked.add("query " + resource);
      return Mono.just(List.of());
    }
  }

  private static ObjectNode subscription(String resource) {
    ObjectNode node = JSON.createObjectNode();
    if (resource != null) {
      node.put("resource", resource);
    }
    return node;
  }

  @Test
  void eachResourceGoesToTheBackendServingItAndTheRestToTheDefault() {
    Backend helpdesk = new Backend();
    Backend projects = new Backend();
    RoutedLiveApi api =
        new RoutedLiveApi(helpdesk, Map.of("tasks", projects, "projects", projects));

    api.plan("t", subscription("tasks")).block();
    api.plan("t", subscription("tickets")).block();
    api.query("projects", JSON.createObjectNode(), List.of("t")).block();
    api.query(
            "tickets",
            JSON.createObjectNode(),
            List.of("t"),
            new LiveApi.Relevance(List.of("x"), List.of(false)))
        .block();

    assertThat(projects.asked).containsExactly("plan tasks", "query projects");
    assertThat(helpdesk.asked).containsExactly("plan tickets", "query tickets");
  }

  @Test
  void aSubscriptionWithoutResourceGoesToTheDefaultBackendWhichRefusesIt() {
    Backend helpdesk = new Backend();
    Backend projects = new Backend();
    RoutedLiveApi api = new RoutedLiveApi(helpdesk, Map.of("tasks", projects));

    assertThat(api.plan("t", subscription(null)).block())
        .isInstanceOf(LiveApi.PlanOutcome.Refused.class);
    assertThat(helpdesk.asked).hasSize(1);
    assertThat(projects.asked).isEmpty();
  }
}
