package io.keeplive.resource.live;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.identity.BearerAuthentication;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.ListQuery;
import io.keeplive.resource.read.QueryParser;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.rest.JsonBodies;
import io.keeplive.resource.rest.RowJson;
import io.keeplive.resource.rest.Values;
import io.keeplive.resource.store.RowCodec;
import io.keeplive.resource.store.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live API of docs/architecture.md, used by the gateway only.
 *
 * <p>{@code POST /api/live/plan} (caller's bearer token) validates a subscription and answers its
 * kind, normalized query, topics and cohort. {@code POST /api/live/query} (one token per actor in
 * the body, no caller token) refetches a query for many actors with one SQL statement and answers
 * index-aligned results whose rows are exactly what a single-actor REST read returns.
 */
public final class LiveRoutes {

  /** Most actors one batch refetch accepts. */
  public static final int MAX_ACTORS = 1000;

  private static final Set<String> PLAN_MEMBERS =
      Set.of("resource", "filter", "sort", "limit", "key");
  private static final Set<String> QUERY_MEMBERS =
      Set.of(
          "resource",
          "filter",
          "sort",
          "limit",
          "key",
          "actors",
          "format",
          "changed_ids",
          "recheck");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Resources resources;
  private final Reads reads;
  private final DatabaseClient database;
  private final TokenVerifier verifier;
  private final JsonMapper json;

  public LiveRoutes(
      Resources resources,
      Reads reads,
      DatabaseClient database,
      TokenVerifier verifier,
      JsonMapper json) {
    this.resources = resources;
    this.reads = reads;
    this.database = database;
    this.verifier = verifier;
    this.json = json;
  }

  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .POST("/api/live/plan", request -> Mono.defer(() -> plan(request)))
        .POST("/api/live/query", request -> Mono.defer(() -> query(request)))
        .build();
  }

  /** A subscription as the gateway forwards it, validated against the declaration. */
  private record Subscription(ResourceDeclaration resource, UUID key, ListQuery query) {
    boolean isRecord() {
      return key != null;
    }
  }

  // --- plan -----------------------------------------------------------------------------------

  private Mono<ServerResponse> plan(ServerRequest request) {
    Identity actor = BearerAuthentication.identity(request.exchange());
    return request
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .map(body -> JsonBodies.object(json, body))
        .map(body -> subscription(body, PLAN_MEMBERS))
        .doOnNext(subscription -> requireReader(subscription.resource(), actor))
        .flatMap(
            subscription ->
                topics(subscription, actor).map(topics -> planOf(subscription, actor, topics)))
        .flatMap(this::ok);
  }

  private ObjectNode planOf(Subscription subscription, Identity actor, List<String> topics) {
    ObjectNode plan = NODES.objectNode();
    plan.put("resource", subscription.resource().name());
    plan.put("kind", subscription.isRecord() ? "record" : "list");
    plan.set("topics", RowJson.value(topics));
    plan.put("cohort", Cohort.of(subscription.resource(), actor));
    plan.set("query", describe(subscription));
    order(subscription).ifPresent(order -> plan.set("order", order));
    return plan;
  }

  private Mono<List<String>> topics(Subscription subscription, Identity actor) {
    ResourceDeclaration resource = subscription.resource();
    if (!subscription.isRecord()) {
      return Mono.just(SubscriptionTopics.forList(resource, actor, subscription.query()));
    }
    String key = subscription.key().toString();
    List<String> templated = SubscriptionTopics.templated(resource);
    if (templated.isEmpty()) {
      return Mono.just(SubscriptionTopics.forRecord(resource, actor, key, Map.of()));
    }
    // The record's own values choose its topics; read without the policy because a record that is
    // invisible now may become visible later, and the topics never reach a client.
    Sql sql = new Sql();
    sql.append("SELECT t.* FROM ")
        .append(resource.table())
        .append(" t WHERE t.tenant_id = ")
        .append(sql.param(actor.tenant(), AttributeType.TEXT))
        .append(" AND t.id = ")
        .append(sql.param(subscription.key(), AttributeType.UUID));
    return sql.on(database)
        .map(row -> RowCodec.decode(resource, row))
        .one()
        .map(
            row -> {
              Map<String, Object> values = new LinkedHashMap<>();
              templated.forEach(attribute -> values.put(attribute, row.get(attribute)));
              return values;
            })
        .defaultIfEmpty(Map.of())
        .map(values -> SubscriptionTopics.forRecord(resource, actor, key, values));
  }

  // --- query ----------------------------------------------------------------------------------

  private Mono<ServerResponse> query(ServerRequest request) {
    return request
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .map(body -> JsonBodies.object(json, body))
        .flatMap(
            body -> {
              Subscription subscription = subscription(body, QUERY_MEMBERS);
              List<String> tokens = tokens(body.get("actors"));
              Reads.Relevance relevance =
                  relevance(body.get("changed_ids"), body.get("recheck"), tokens.size());
              return refetch(subscription, tokens, relevance, sharedRows(body.get("format")));
            })
        .flatMap(this::ok);
  }

  /**
   * {@code "format":"shared"} answers every distinct row once in a top-level {@code rows} array and
   * each actor's result as {@code row_indexes} into it: actors of one tenant mostly see the same
   * rows, so this keeps the answer proportional to distinct rows, not actors × rows. Without it
   * each result carries its rows inline.
   */
  private static boolean sharedRows(JsonNode format) {
    if (format == null || format.isNull()) {
      return false;
    }
    if (format.isString() && format.stringValue().equals("shared")) {
      return true;
    }
    if (format.isString() && format.stringValue().equals("inline")) {
      return false;
    }
    throw ApiProblem.badRequest("format", "format must be \"inline\" or \"shared\"");
  }

  /**
   * {@code changed_ids} (uuids of the rows changed since the actors' last results) and {@code
   * recheck} (one boolean per actor: read in full): actors not rechecked are answered only the
   * changed rows they may see now, {@code changed_row_indexes} (see {@link Reads.Relevance}).
   */
  private static Reads.Relevance relevance(JsonNode changedIds, JsonNode recheck, int actors) {
    if (changedIds == null || changedIds.isNull()) {
      if (recheck != null && !recheck.isNull()) {
        throw ApiProblem.badRequest("recheck", "recheck needs changed_ids");
      }
      return Reads.Relevance.ALL;
    }
    if (!changedIds.isArray() || changedIds.size() > MAX_ACTORS) {
      throw ApiProblem.badRequest(
          "changed_ids", "changed_ids must be an array of at most " + MAX_ACTORS + " uuids");
    }
    List<UUID> ids = new ArrayList<>();
    for (JsonNode id : changedIds.values()) {
      if (!id.isString()) {
        throw ApiProblem.badRequest("changed_ids", "changed_ids must be an array of uuids");
      }
      ids.add(Values.uuid(id.stringValue(), "changed_ids"));
    }
    if (recheck == null || !recheck.isArray() || recheck.size() != actors) {
      throw ApiProblem.badRequest("recheck", "recheck must be one boolean per actor");
    }
    List<Boolean> flags = new ArrayList<>();
    for (JsonNode flag : recheck.values()) {
      if (!flag.isBoolean()) {
        throw ApiProblem.badRequest("recheck", "recheck must be one boolean per actor");
      }
      flags.add(flag.booleanValue());
    }
    return new Reads.Relevance(ids, flags);
  }

  private Mono<ObjectNode> refetch(
      Subscription subscription,
      List<String> tokens,
      Reads.Relevance relevance,
      boolean sharedRows) {
    ResourceDeclaration resource = subscription.resource();
    List<JsonNode> results = new ArrayList<>();
    List<Identity> readers = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    List<Boolean> readerRecheck = new ArrayList<>();
    for (int a = 0; a < tokens.size(); a++) {
      String token = tokens.get(a);
      TokenVerification verification = verifier.verify(token);
      if (verification instanceof TokenVerification.Verified verified) {
        Identity actor = verified.identity();
        if (resource.readPolicy().grantsFor(actor.roles()).isEmpty()) {
          results.add(
              error(ProblemCode.FORBIDDEN, "no role of this actor may read " + resource.name()));
        } else {
          slots.add(results.size());
          readers.add(actor);
          readerRecheck.add(relevance.changedIds().isEmpty() || relevance.recheck().get(a));
          results.add(null);
        }
      } else {
        results.add(
            error(ProblemCode.UNAUTHORIZED, ((TokenVerification.Rejected) verification).message()));
      }
    }
    ListQuery query =
        subscription.isRecord() ? Reads.byId(subscription.key()) : subscription.query();
    Reads.Relevance forReaders =
        relevance.changedIds().isEmpty()
            ? relevance
            : new Reads.Relevance(relevance.changedIds(), readerRecheck);
    return reads
        .listForEach(resource, readers, query, forReaders)
        .map(
            batch -> {
              ObjectNode answer = NODES.objectNode();
              List<ObjectNode> rowJson = batch.rows().stream().map(RowJson::of).toList();
              if (sharedRows) {
                answer.putArray("rows").addAll(rowJson);
              }
              for (int i = 0; i < readers.size(); i++) {
                boolean changedOnly = batch.changedOnly().get(i);
                ArrayNode rows = NODES.arrayNode();
                for (int index : batch.indexes().get(i)) {
                  if (sharedRows) {
                    rows.add(index);
                  } else {
                    rows.add(rowJson.get(index));
                  }
                }
                ObjectNode result = NODES.objectNode();
                String member = sharedRows ? "row_indexes" : "rows";
                result.set(changedOnly ? "changed_" + member : member, rows);
                results.set(slots.get(i), result);
              }
              ArrayNode array = answer.putArray("results");
              results.forEach(array::add);
              return answer;
            });
  }

  private static ObjectNode error(ProblemCode code, String detail) {
    ObjectNode error = NODES.objectNode();
    error.put("code", code.wireName());
    error.put("detail", detail);
    ObjectNode result = NODES.objectNode();
    result.set("error", error);
    return result;
  }

  private static List<String> tokens(JsonNode actors) {
    if (actors == null) {
      throw ApiProblem.badRequest("actors", "actors is required");
    }
    if (!actors.isArray()) {
      throw ApiProblem.badRequest("actors", "actors must be an array of tokens");
    }
    if (actors.size() > MAX_ACTORS) {
      throw ApiProblem.badRequest("actors", "at most " + MAX_ACTORS + " actors per query");
    }
    List<String> tokens = new ArrayList<>();
    for (JsonNode actor : actors.values()) {
      if (!actor.isString()) {
        throw ApiProblem.badRequest("actors", "actors must be an array of tokens");
      }
      tokens.add(actor.stringValue());
    }
    return tokens;
  }

  // --- shared ---------------------------------------------------------------------------------

  private Subscription subscription(JsonNode body, Set<String> members) {
    JsonBodies.onlyMembers(body, members);
    JsonNode name = body.get("resource");
    if (name == null || !name.isString()) {
      throw ApiProblem.badRequest("resource", "resource must be a string");
    }
    ResourceDeclaration resource =
        resources
            .find(name.stringValue())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        ProblemCode.UNKNOWN_RESOURCE,
                        "resource",
                        "unknown resource " + name.stringValue()));
    JsonNode key = body.get("key");
    if (key != null && !key.isNull()) {
      for (String listMember : List.of("filter", "sort", "limit")) {
        if (body.get(listMember) != null) {
          throw ApiProblem.badRequest(
              listMember, "a record subscription (key) takes no " + listMember);
        }
      }
      if (!key.isString()) {
        throw ApiProblem.badRequest("key", "key must be a uuid string");
      }
      return new Subscription(resource, Values.uuid(key.stringValue(), "key"), null);
    }
    ListQuery query =
        QueryParser.fromJson(resource, body.get("filter"), body.get("sort"), body.get("limit"));
    return new Subscription(resource, null, query);
  }

  private static void requireReader(ResourceDeclaration resource, Identity actor) {
    if (resource.readPolicy().grantsFor(actor.roles()).isEmpty()) {
      throw ApiProblem.forbidden("no role of this actor may read " + resource.name());
    }
  }

  /**
   * How results are ordered, for callers that merge changed rows into a result themselves: the sort
   * keys, then {@code id} ascending (as {@link Reads} orders), each with its type. Only when every
   * key has an order a caller can reproduce exactly from the JSON value (timestamps, integers,
   * uuids); text follows the database's collation, so a text sort has no {@code order} and such
   * subscriptions are always read in full.
   */
  private static java.util.Optional<ArrayNode> order(Subscription subscription) {
    List<ListQuery.SortKey> keys = new ArrayList<>();
    if (!subscription.isRecord()) {
      keys.addAll(subscription.query().sort());
    }
    if (keys.stream().noneMatch(k -> k.attribute().equals(ResourceDeclaration.ID))) {
      keys.add(new ListQuery.SortKey(ResourceDeclaration.ID, false));
    }
    ArrayNode order = NODES.arrayNode();
    for (ListQuery.SortKey key : keys) {
      AttributeType type = subscription.resource().require(key.attribute()).type();
      if (type != AttributeType.TIMESTAMP
          && type != AttributeType.INTEGER
          && type != AttributeType.UUID) {
        return java.util.Optional.empty();
      }
      ObjectNode entry = order.addObject();
      entry.put("attribute", key.attribute());
      entry.put("type", type.name().toLowerCase(java.util.Locale.ROOT));
      entry.put("descending", key.descending());
    }
    return java.util.Optional.of(order);
  }

  private static JsonNode describe(Subscription subscription) {
    if (subscription.isRecord()) {
      ObjectNode query = NODES.objectNode();
      query.put("key", subscription.key().toString());
      return query;
    }
    return RowJson.value(QueryParser.describe(subscription.query()));
  }

  private Mono<ServerResponse> ok(JsonNode body) {
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.writeValueAsString(body));
  }
}
