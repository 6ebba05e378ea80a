package io.keeplive.gateway.refetch.internal;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.gateway.refetch.LiveApi;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live API over HTTP, with the gateways' service credential on every call. Answers are parsed
 * totally by {@link LiveApiAnswers}: a body that does not have the documented shape becomes a
 * refusal (plan) or a failed result (query), never an exception in a caller.
 *
 * <p>A query stays within resource-service's per-call limits whatever the caller asks: more than
 * {@value #MAX_ACTORS_PER_CALL} actors are sent as several calls, more than {@value
 * #MAX_CHANGED_IDS} changed ids drop the hint (everyone is read in full, which is always correct),
 * and an answer refused as too large is asked again in halves. The caller sees one index-aligned
 * answer either way.
 */
public final class HttpLiveApi implements LiveApi {

  /** resource-service's default {@code keeplive.live-api.max-actors}. */
  public static final int MAX_ACTORS_PER_CALL = 200;

  /** resource-service's default {@code keeplive.live-api.max-changed-ids}. */
  public static final int MAX_CHANGED_IDS = 1000;

  private static final String SERVICE_UNAUTHORIZED = "service_unauthorized";
  private static final String ANSWER_TOO_LARGE = "answer_too_large";

  private final WebClient client;
  private final String serviceToken;

  public HttpLiveApi(URI baseUrl, ReactorResourceFactory resources, String serviceToken) {
    this.serviceToken = serviceToken;
    this.client =
        WebClient.builder()
            .baseUrl(baseUrl.toString())
            .clientConnector(new ReactorClientHttpConnector(resources, http -> http))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build();
  }

  /**
   * A non-2xx answer that is not a refusal of the subscription: resource-service is failing, or
   * refuses this gateway's service credential; retry later.
   */
  public static final class UnavailableException extends RuntimeException {
    private final String reason;

    UnavailableException(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    /** Why, as a lower_snake metric tag: {@code http_5xx} or {@code service_unauthorized}. */
    public String reason() {
      return reason;
    }
  }

  private record Answer(int status, String body) {}

  private Mono<Answer> post(String path, String token, String body) {
    return client
        .post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .header(ServiceCredential.HEADER, serviceToken)
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(body)
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(text -> new Answer(response.statusCode().value(), text)))
        .flatMap(
            answer -> {
              Optional<UnavailableException> failure = unavailable(path, answer);
              return failure.isPresent() ? Mono.error(failure.get()) : Mono.just(answer);
            });
  }

  /**
   * A 5xx, or a refusal of this gateway's own credential: neither says anything about the
   * subscription, so neither may end it.
   */
  private static Optional<UnavailableException> unavailable(String path, Answer answer) {
    if (answer.status() >= 500) {
      return Optional.of(
          new UnavailableException("http_5xx", path + " answered HTTP " + answer.status()));
    }
    if (answer.status() == 401
        && SERVICE_UNAUTHORIZED.equals(LiveApiAnswers.problemCode(answer.body()))) {
      return Optional.of(
          new UnavailableException(
              "service_unauthorized",
              path
                  + " refused this gateway's service credential (keeplive.live-api.service-token)"));
    }
    return Optional.empty();
  }

  @Override
  public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
    return post("/api/live/plan", token, subscription.toString())
        .map(answer -> LiveApiAnswers.planOutcome(answer.status(), answer.body()));
  }

  @Override
  public Mono<List<PlanOutcome>> plans(List<String> tokens, ObjectNode subscription) {
    List<Mono<List<PlanOutcome>>> calls = new ArrayList<>();
    for (int from = 0; from < tokens.size(); from += MAX_ACTORS_PER_CALL) {
      List<String> slice =
          tokens.subList(from, Math.min(tokens.size(), from + MAX_ACTORS_PER_CALL));
      ObjectNode body = subscription.deepCopy();
      ArrayNode actors = body.putArray("actors");
      slice.forEach(actors::add);
      calls.add(
          post("/api/live/plans", slice.get(0), body.toString())
              .flatMap(
                  answer ->
                      LiveApiAnswers.routeMissing(answer.status(), answer.body())
                          // A backend that predates the batch route: plan one by one.
                          ? LiveApi.super.plans(slice, subscription)
                          : Mono.just(
                              LiveApiAnswers.planOutcomes(
                                  answer.status(), answer.body(), slice.size()))));
    }
    return Flux.concat(calls)
        .collectList()
        .map(parts -> parts.stream().flatMap(List::stream).toList());
  }

  @Override
  public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
    return query(resource, query, actors, null);
  }

  @Override
  public Mono<List<ActorResult>> query(
      String resource, ObjectNode query, List<String> actors, Relevance relevance) {
    Relevance hint =
        relevance != null
                && !relevance.changedIds().isEmpty()
                && relevance.changedIds().size() <= MAX_CHANGED_IDS
                && relevance.recheck().size() == actors.size()
            ? relevance
            : null;
    if (actors.size() <= MAX_ACTORS_PER_CALL) {
      return call(resource, query, actors, hint);
    }
    List<Mono<List<ActorResult>>> calls = new ArrayList<>();
    for (int from = 0; from < actors.size(); from += MAX_ACTORS_PER_CALL) {
      int to = Math.min(actors.size(), from + MAX_ACTORS_PER_CALL);
      calls.add(call(resource, query, actors.subList(from, to), slice(hint, from, to)));
    }
    return concat(calls);
  }

  /** One call; an answer refused as too large is asked again in two halves. */
  private Mono<List<ActorResult>> call(
      String resource, ObjectNode query, List<String> actors, Relevance hint) {
    return post("/api/live/query", actors.get(0), body(resource, query, actors, hint))
        .flatMap(
            answer -> {
              if (actors.size() > 1 && tooLarge(answer)) {
                int half = actors.size() / 2;
                return concat(
                    List.of(
                        call(resource, query, actors.subList(0, half), slice(hint, 0, half)),
                        call(
                            resource,
                            query,
                            actors.subList(half, actors.size()),
                            slice(hint, half, actors.size()))));
              }
              return Mono.just(
                  LiveApiAnswers.queryResults(answer.status(), answer.body(), actors.size()));
            });
  }

  private static String body(
      String resource, ObjectNode query, List<String> actors, Relevance hint) {
    ObjectNode body = query.deepCopy();
    body.put("resource", resource);
    ArrayNode array = body.putArray("actors");
    actors.forEach(array::add);
    body.put("format", "shared");
    if (hint != null) {
      ArrayNode ids = body.putArray("changed_ids");
      hint.changedIds().forEach(ids::add);
      ArrayNode recheck = body.putArray("recheck");
      hint.recheck().forEach(recheck::add);
    }
    return body.toString();
  }

  private static Relevance slice(Relevance hint, int from, int to) {
    return hint == null ? null : new Relevance(hint.changedIds(), hint.recheck().subList(from, to));
  }

  private static Mono<List<ActorResult>> concat(List<Mono<List<ActorResult>>> calls) {
    return Flux.concat(calls)
        .collectList()
        .map(parts -> parts.stream().flatMap(List::stream).toList());
  }

  private static boolean tooLarge(Answer answer) {
    return answer.status() == 422
        && ANSWER_TOO_LARGE.equals(LiveApiAnswers.problemCode(answer.body()));
  }
}
