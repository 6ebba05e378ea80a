package io.keeplive.resource.live;

import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.identity.BearerAuthentication;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.rest.JsonBodies;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live API of docs/architecture.md, for gateways only: {@link ServiceCredentialFilter} admits
 * only callers with the service credential. {@code POST /api/live/plan} ({@link PlanHandler}, as
 * the user of the bearer token), {@code POST /api/live/plans} ({@link PlansHandler}, one
 * subscription for many actors, one token per actor in the body) and {@code POST /api/live/query}
 * ({@link QueryHandler}, one token per actor in the body). Every failure is counted and logged
 * through {@link LiveFailures} (by the filter, which also sees the failures of the bearer check).
 */
public final class LiveRoutes {

  private final Resources resources;
  private final JsonMapper json;
  private final LiveApiProperties limits;
  private final PlanHandler plans;
  private final QueryHandler queries;
  private final PlansHandler batchPlans;

  public LiveRoutes(
      Resources resources,
      Reads reads,
      TokenVerifier verifier,
      JsonMapper json,
      LiveApiProperties limits,
      LiveFailures failures) {
    this.resources = resources;
    this.json = json;
    this.limits = limits;
    this.plans = new PlanHandler(resources, reads);
    this.queries = new QueryHandler(reads, verifier, failures, limits.maxAnswerBytes().toBytes());
    this.batchPlans = new PlansHandler(resources, plans, verifier, failures, limits.maxActors());
  }

  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .POST(
            "/api/live/plan",
            request ->
                handle(
                    request,
                    body -> plans.plan(body, BearerAuthentication.identity(request.exchange()))))
        .POST("/api/live/plans", request -> handle(request, batchPlans::plans))
        .POST(
            "/api/live/query",
            request ->
                handle(request, body -> queries.query(QueryRequest.parse(resources, body, limits))))
        .build();
  }

  /** Reads the body as a JSON object, answers the handler's JSON. */
  private Mono<ServerResponse> handle(
      ServerRequest request, Function<JsonNode, Mono<? extends JsonNode>> handler) {
    return Mono.defer(
        () ->
            request
                .bodyToMono(String.class)
                .defaultIfEmpty("")
                .map(body -> JsonBodies.object(json, body))
                .flatMap(handler)
                .map(this::bounded)
                .flatMap(
                    bytes ->
                        ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(bytes)));
  }

  /**
   * The answer's bytes, refused when they exceed the budget: the read's weighing is an estimate
   * made while rows arrive; this is the exact bound on what leaves.
   */
  private byte[] bounded(JsonNode answer) {
    byte[] bytes = json.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8);
    long max = limits.maxAnswerBytes().toBytes();
    if (bytes.length > max) {
      throw new ApiProblem(
          ProblemCode.ANSWER_TOO_LARGE,
          "actors",
          "the answer would exceed " + max + " bytes; ask for fewer actors or a smaller limit");
    }
    return bytes;
  }
}
