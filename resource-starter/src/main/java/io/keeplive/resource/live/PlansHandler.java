package io.keeplive.resource.live;

import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/live/plans}: one subscription planned for many actors in one call, each exactly
 * as {@code /api/live/plan} plans it for the user of its own token. A gateway that many sessions
 * connect to at once (after a restart) asks once per subscription shape and batch instead of once
 * per session.
 *
 * <p>The subscription's shape is checked once (a bad one refuses the whole call, as it would refuse
 * every single plan); everything that depends on the actor (its token, its roles' grants, its
 * topics) is answered per actor: a plan, or {@code {"error":{"status","code","detail"}}} at its
 * index, never a failure of the batch. Each distinct token is verified and planned once; a repeated
 * one is answered {@code {"same_as":i}}.
 */
final class PlansHandler {

  private static final Set<String> MEMBERS =
      Set.of("resource", "filter", "sort", "limit", "after", "until", "key", "actors");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // Record plans read the record as the actor: a few at a time, in order.
  private static final int CONCURRENT_READS = 8;

  private final Resources resources;
  private final PlanHandler plans;
  private final TokenVerifier verifier;
  private final LiveFailures failures;
  private final int maxActors;

  PlansHandler(
      Resources resources,
      PlanHandler plans,
      TokenVerifier verifier,
      LiveFailures failures,
      int maxActors) {
    this.resources = resources;
    this.plans = plans;
    this.verifier = verifier;
    this.failures = failures;
    this.maxActors = maxActors;
  }

  Mono<ObjectNode> plans(JsonNode body) {
    LiveSubscription subscription = LiveSubscription.parse(resources, body, MEMBERS);
    List<String> entries = QueryRequest.tokens(body.get("actors"));
    Map<String, Integer> firstEntry = new HashMap<>();
    List<String> distinct = new ArrayList<>();
    for (int e = 0; e < entries.size(); e++) {
      if (firstEntry.putIfAbsent(entries.get(e), e) == null) {
        distinct.add(entries.get(e));
      }
    }
    if (distinct.size() > maxActors) {
      throw ApiProblem.badRequest("actors", "at most " + maxActors + " distinct actors per call");
    }
    return Flux.fromIterable(distinct)
        .flatMapSequential(token -> planFor(subscription, token), CONCURRENT_READS)
        .collectList()
        .map(
            answers -> {
              ObjectNode answer = NODES.objectNode();
              ArrayNode out = answer.putArray("plans");
              int next = 0;
              for (int e = 0; e < entries.size(); e++) {
                int first = firstEntry.get(entries.get(e));
                out.add(
                    first == e ? answers.get(next++) : NODES.objectNode().put("same_as", first));
              }
              return answer;
            });
  }

  private Mono<ObjectNode> planFor(LiveSubscription subscription, String token) {
    TokenVerification verification = verifier.verify(token);
    if (!(verification instanceof TokenVerification.Verified verified)) {
      String detail = ((TokenVerification.Rejected) verification).message();
      failures.failed("actor_unauthorized", "/api/live/plans: " + detail);
      return Mono.just(error(ProblemCode.UNAUTHORIZED, detail));
    }
    return Mono.defer(() -> plans.plan(subscription, verified.identity()))
        .onErrorResume(
            ApiProblem.class,
            problem -> {
              if (problem.code() == ProblemCode.FORBIDDEN) {
                failures.failed("actor_forbidden", "/api/live/plans: " + problem.detail());
              }
              return Mono.just(error(problem.code(), problem.detail()));
            });
  }

  private static ObjectNode error(ProblemCode code, String detail) {
    ObjectNode error = NODES.objectNode();
    error.put("status", code.status().value());
    error.put("code", code.wireName());
    error.put("detail", detail);
    ObjectNode result = NODES.objectNode();
    result.set("error", error);
    return result;
  }
}
