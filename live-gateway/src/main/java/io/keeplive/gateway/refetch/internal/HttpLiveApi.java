package io.keeplive.gateway.refetch.internal;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.refetch.Plan;
import io.keeplive.gateway.refetch.RowOrder;
import io.keeplive.gateway.refetch.Rows;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live API over HTTP, with the gateways' service credential on every call. Answers are parsed
 * totally: a body that does not have the documented shape becomes a refusal (plan) or a failed
 * result (query), never an exception in a caller.
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
  private static final ObjectMapper JSON = JsonMapper.builder().build();

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
    if (answer.status() == 401 && SERVICE_UNAUTHORIZED.equals(code(parse(answer.body())))) {
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
        .map(answer -> planOutcome(answer.status(), answer.body()));
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
              return Mono.just(queryResults(answer.status(), answer.body(), actors.size()));
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
    return answer.status() == 422 && ANSWER_TOO_LARGE.equals(code(parse(answer.body())));
  }

  private static String code(JsonNode problem) {
    return problem == null ? null : textOf(problem.get("code"));
  }

  /** Total: any status and body yield a plan or a refusal. */
  public static PlanOutcome planOutcome(int status, String body) {
    JsonNode root = parse(body);
    if (status != 200) {
      return refusal(status, root);
    }
    if (root == null || !root.isObject()) {
      return unusable("plan is not a JSON object");
    }
    JsonNode resource = root.get("resource");
    JsonNode kind = root.get("kind");
    JsonNode topics = root.get("topics");
    JsonNode cohort = root.get("cohort");
    JsonNode query = root.get("query");
    if (resource == null || !resource.isString()) {
      return unusable("plan has no resource");
    }
    Plan.Kind planKind;
    if (kind != null && "list".equals(kind.asString())) {
      planKind = Plan.Kind.LIST;
    } else if (kind != null && "record".equals(kind.asString())) {
      planKind = Plan.Kind.RECORD;
    } else {
      return unusable("plan has no kind");
    }
    if (topics == null || !topics.isArray() || query == null || !query.isObject()) {
      return unusable("plan has no topics or query");
    }
    List<String> topicNames = new ArrayList<>();
    for (JsonNode topic : topics) {
      if (!topic.isString()) {
        return unusable("plan topic is not a string");
      }
      topicNames.add(topic.asString());
    }
    String cohortKey =
        cohort == null || cohort.isNull()
            ? ""
            : cohort.isString() ? cohort.asString() : cohort.toString();
    return new PlanOutcome.Planned(
        new Plan(
            resource.asString(),
            planKind,
            topicNames,
            cohortKey,
            (ObjectNode) query,
            order(root.get("order"))));
  }

  /** The plan's result order; anything malformed counts as none (results are then read). */
  private static List<RowOrder.Key> order(JsonNode order) {
    if (order == null || !order.isArray()) {
      return List.of();
    }
    List<RowOrder.Key> keys = new ArrayList<>();
    for (JsonNode key : order) {
      String attribute = key.isObject() ? textOf(key.get("attribute")) : null;
      String type = key.isObject() ? textOf(key.get("type")) : null;
      JsonNode descending = key.isObject() ? key.get("descending") : null;
      if (attribute == null || type == null || descending == null || !descending.isBoolean()) {
        return List.of();
      }
      keys.add(new RowOrder.Key(attribute, type, descending.booleanValue()));
    }
    return keys;
  }

  /** Total: any status and body yield exactly {@code actors} results. */
  public static List<ActorResult> queryResults(int status, String body, int actors) {
    JsonNode root = parse(body);
    if (status != 200) {
      PlanOutcome.Refused refused = (PlanOutcome.Refused) refusal(status, root);
      return Collections.nCopies(actors, new ActorResult.Failed(refused.code(), refused.detail()));
    }
    JsonNode results = root == null ? null : root.get("results");
    List<Rows.Row> shared = sharedRows(root == null ? null : root.get("rows"));
    List<ActorResult> out = new ArrayList<>(actors);
    for (int i = 0; i < actors; i++) {
      JsonNode result = results != null && results.isArray() ? results.get(i) : null;
      JsonNode sameAs = result != null && result.isObject() ? result.get("same_as") : null;
      if (sameAs != null) {
        // A repeated token is answered once, by reference to its first entry.
        boolean earlier = sameAs.isInt() && sameAs.intValue() >= 0 && sameAs.intValue() < i;
        out.add(
            earlier
                ? out.get(sameAs.intValue())
                : new ActorResult.Failed(null, "resource-service returned a bad same_as"));
      } else {
        out.add(actorResult(result, shared));
      }
    }
    return out;
  }

  /** The distinct rows of a {@code "format":"shared"} answer, each serialized once. */
  private static List<Rows.Row> sharedRows(JsonNode rows) {
    if (rows == null || !rows.isArray()) {
      return List.of();
    }
    List<Rows.Row> out = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      out.add(Rows.row(row));
    }
    return out;
  }

  private static ActorResult actorResult(JsonNode result, List<Rows.Row> shared) {
    if (result == null || !result.isObject()) {
      return new ActorResult.Failed(null, "resource-service returned no result for this actor");
    }
    for (boolean changed : new boolean[] {false, true}) {
      String prefix = changed ? "changed_" : "";
      JsonNode indexes = result.get(prefix + "row_indexes");
      JsonNode inline = result.get(prefix + "rows");
      List<Rows.Row> rows;
      if (indexes != null && indexes.isArray()) {
        rows = new ArrayList<>(indexes.size());
        for (JsonNode index : indexes) {
          if (!index.isInt() || index.intValue() < 0 || index.intValue() >= shared.size()) {
            return new ActorResult.Failed(null, "resource-service returned a bad row index");
          }
          rows.add(shared.get(index.intValue()));
        }
      } else if (inline != null && inline.isArray()) {
        rows = new ArrayList<>(inline.size());
        for (JsonNode row : inline) {
          rows.add(Rows.row(row));
        }
      } else {
        continue;
      }
      return changed ? new ActorResult.Changed(rows) : new ActorResult.Fetched(Rows.of(rows));
    }
    JsonNode error = result.get("error");
    String code = error == null ? null : textOf(error.get("code"));
    String detail = error == null ? null : textOf(error.get("detail"));
    return new ActorResult.Failed(
        ErrorCode.fromWire(code).orElse(null), detail == null ? "refetch refused" : detail);
  }

  private static PlanOutcome refusal(int status, JsonNode problem) {
    String code = code(problem);
    String detail = problem == null ? null : textOf(problem.get("detail"));
    ErrorCode errorCode =
        ErrorCode.fromWire(code)
            .orElse(
                switch (status) {
                  case 401 -> ErrorCode.UNAUTHORIZED;
                  case 403 -> ErrorCode.FORBIDDEN;
                  case 404 -> ErrorCode.UNKNOWN_RESOURCE;
                  default -> ErrorCode.BAD_REQUEST;
                });
    return new PlanOutcome.Refused(
        errorCode, detail == null ? "subscription refused (HTTP " + status + ")" : detail);
  }

  private static PlanOutcome unusable(String why) {
    return new PlanOutcome.Refused(
        ErrorCode.BAD_REQUEST, "unusable plan from resource-service: " + why);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String textOf(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }
}
