package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.refetch.LiveApi;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live API of several backends behind one: each resource is planned and refetched through the
 * backend that serves it ({@code keeplive.gateway.resource-urls}), every other one through the
 * default backend (resource-service). Resource names are unique across backends, so the resource
 * alone picks the backend; a subscription naming a resource no backend serves reaches the default
 * one, which refuses it as {@code unknown_resource}.
 */
public final class RoutedLiveApi implements LiveApi {

  private final LiveApi fallback;
  private final Map<String, LiveApi> byResource;

  public RoutedLiveApi(LiveApi fallback, Map<String, LiveApi> byResource) {
    this.fallback = fallback;
    this.byResource = Map.copyOf(byResource);
  }

  /** The backend serving {@code resource}. */
  LiveApi backendOf(String resource) {
    return resource == null ? fallback : byResource.getOrDefault(resource, fallback);
  }

  @Override
  public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
    String resource =
        subscription.path("resource").isString() ? subscription.get("resource").asString() : null;
    return backendOf(resource).plan(token, subscription);
  }

  @Override
  public Mono<List<PlanOutcome>> plans(List<String> tokens, ObjectNode subscription) {
    String resource =
        subscription.path("resource").isString() ? subscription.get("resource").asString() : null;
    return backendOf(resource).plans(tokens, subscription);
  }

  @Override
  public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
    return backendOf(resource).query(resource, query, actors);
  }

  @Override
  public Mono<List<ActorResult>> query(
      String resource, ObjectNode query, List<String> actors, Relevance relevance) {
    return backendOf(resource).query(resource, query, actors, relevance);
  }
}
