package io.keeplive.resource.rest;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Argument;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.identity.BearerAuthentication;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.read.ListQuery;
import io.keeplive.resource.read.QueryParser;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.read.RowJson;
import io.keeplive.resource.read.Values;
import io.keeplive.resource.write.WriteRequest;
import io.keeplive.resource.write.WriteResult;
import io.keeplive.resource.write.Writes;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The REST routes of every declared resource, derived from the declarations:
 *
 * <ul>
 *   <li>{@code GET /api/<r>} (list) and {@code GET /api/<r>/{id}}, policy-filtered;
 *   <li>{@code POST /api/<r>} (create; nested ones at {@code /api/<parent>/{id}/<r>}, where the
 *       list is too);
 *   <li>{@code PATCH /api/<r>/{id}}, custom actions at {@code <method> /api/<r>/{id}/<path>},
 *       {@code DELETE /api/<r>/{id}}, bulk actions at {@code POST /api/<r>/<path>}.
 * </ul>
 *
 * Request handling reads top-down: who is calling, what they sent (validated against the
 * declaration), then one read or one write.
 */
public final class ResourceRoutes {

  /** Largest {@code ids} list a bulk action accepts. */
  public static final int MAX_BULK_IDS = 500;

  private static final Pattern TRACEPARENT =
      Pattern.compile("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
  private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"?([0-9]{1,9})\"?$");
  private static final int MAX_IDEMPOTENCY_KEY = 200;

  /** SPEC §4.1: the position every successful write answers (decimal). */
  public static final String POSITION_HEADER = "Keeplive-Position";

  private final Resources resources;
  private final Reads reads;
  private final Writes writes;
  private final JsonMapper json;

  public ResourceRoutes(Resources resources, Reads reads, Writes writes, JsonMapper json) {
    this.resources = resources;
    this.reads = reads;
    this.writes = writes;
    this.json = json;
  }

  public RouterFunction<ServerResponse> routes() {
    RouterFunctions.Builder routes = RouterFunctions.route();
    for (Endpoint endpoint : Endpoint.all(resources)) {
      ResourceDeclaration resource = endpoint.resource();
      routes.route(
          RequestPredicates.method(endpoint.method()).and(RequestPredicates.path(endpoint.path())),
          request ->
              Mono.defer(
                  () ->
                      switch (endpoint.kind()) {
                        case LIST -> list(request, resource);
                        case GET -> get(request, resource);
                        case WRITE -> write(request, resource, endpoint.action().orElseThrow());
                      }));
    }
    return routes.build();
  }

  // --- reads ----------------------------------------------------------------------------------

  private Mono<ServerResponse> list(ServerRequest request, ResourceDeclaration resource) {
    Identity actor = BearerAuthentication.identity(request.exchange());
    ListQuery query = QueryParser.fromParameters(resource, request.queryParams());
    Mono<ListQuery> scoped = Mono.just(query);
    if (resource.nestedUnder().isPresent()) {
      String reference = resource.nestedUnder().get();
      ResourceDeclaration parent = resources.parentOf(resource, reference);
      UUID parentId = Values.uuid(request.pathVariable("parent"), "id");
      List<ListQuery.Filter> filters = new ArrayList<>(query.filters());
      filters.removeIf(f -> f.attribute().equals(reference));
      filters.add(new ListQuery.Filter(reference, List.of(parentId)));
      scoped =
          reads
              .get(parent, actor, parentId)
              .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(parent.name(), parentId)))
              .thenReturn(new ListQuery(filters, query.sort(), query.limit(), query.window()));
    }
    return scoped
        .flatMap(q -> reads.list(resource, actor, q).collectList())
        .flatMap(
            rows -> {
              ArrayNode array = JsonNodeFactory.instance.arrayNode();
              rows.forEach(row -> array.add(RowJson.of(row)));
              return json(HttpStatus.OK, array);
            });
  }

  private Mono<ServerResponse> get(ServerRequest request, ResourceDeclaration resource) {
    Identity actor = BearerAuthentication.identity(request.exchange());
    UUID id = Values.uuid(request.pathVariable("id"), "id");
    return reads
        .get(resource, actor, id)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(resource.name(), id)))
        .flatMap(row -> rowResponse(HttpStatus.OK, row));
  }

  // --- writes ---------------------------------------------------------------------------------

  private Mono<ServerResponse> write(
      ServerRequest request, ResourceDeclaration resource, Action action) {
    Identity actor = BearerAuthentication.identity(request.exchange());
    return request
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .map(body -> writeRequest(request, resource, action, actor, body))
        .flatMap(writes::execute)
        .flatMap(result -> respond(resource, action, result));
  }

  private WriteRequest writeRequest(
      ServerRequest request,
      ResourceDeclaration resource,
      Action action,
      Identity actor,
      String body) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    for (Argument argument : action.pathArguments()) {
      arguments.put(
          argument.name(),
          Values.fromText(
              argument.validatesAs(), request.pathVariable(argument.name()), argument.name()));
    }
    List<UUID> ids = new ArrayList<>();
    boolean hasBody = !action.bodyArguments().isEmpty() || action.kind() == Action.Kind.BULK_UPDATE;
    if (hasBody) {
      JsonNode object = JsonBodies.object(json, body);
      Set<String> allowed = new LinkedHashSet<>();
      action.bodyArguments().forEach(a -> allowed.add(a.name()));
      if (action.kind() == Action.Kind.BULK_UPDATE) {
        allowed.add("ids");
        ids.addAll(bulkIds(object.get("ids")));
      }
      JsonBodies.onlyMembers(object, allowed);
      for (Argument argument : action.bodyArguments()) {
        JsonNode value = object.get(argument.name());
        if (value == null) {
          if (argument.required()) {
            throw ApiProblem.invalid(argument.name(), argument.name() + " is required");
          }
          continue;
        }
        arguments.put(
            argument.name(), Values.fromJson(argument.validatesAs(), value, argument.name()));
      }
    } else if (!body.isBlank()) {
      JsonBodies.onlyMembers(JsonBodies.object(json, body), Set.of());
    }
    Optional<UUID> parentId = Optional.empty();
    if (action.kind() == Action.Kind.CREATE && resource.nestedUnder().isPresent()) {
      parentId = Optional.of(Values.uuid(request.pathVariable("parent"), "id"));
    }
    if (action.kind() == Action.Kind.UPDATE || action.kind() == Action.Kind.DESTROY) {
      ids.add(Values.uuid(request.pathVariable("id"), "id"));
    }
    return new WriteRequest(
        resource,
        action,
        actor,
        arguments,
        ids,
        parentId,
        ifMatch(request),
        idempotencyKey(request, action),
        request.headers().firstHeader("traceparent") == null
            ? Optional.empty()
            : Optional.of(request.headers().firstHeader("traceparent").trim().toLowerCase())
                .filter(value -> TRACEPARENT.matcher(value).matches()));
  }

  private static List<UUID> bulkIds(JsonNode ids) {
    if (ids == null) {
      throw ApiProblem.invalid("ids", "ids is required");
    }
    if (!ids.isArray()) {
      throw ApiProblem.badRequest("ids", "ids must be an array of uuids");
    }
    if (ids.isEmpty() || ids.size() > MAX_BULK_IDS) {
      throw ApiProblem.invalid("ids", "ids must have 1 to " + MAX_BULK_IDS + " elements");
    }
    List<UUID> parsed = new ArrayList<>();
    for (JsonNode id : ids.values()) {
      if (!id.isString()) {
        throw ApiProblem.badRequest("ids", "ids must be an array of uuids");
      }
      parsed.add(Values.uuid(id.stringValue(), "ids"));
    }
    return parsed;
  }

  private static Optional<Integer> ifMatch(ServerRequest request) {
    String header = request.headers().firstHeader("If-Match");
    if (header == null) {
      return Optional.empty();
    }
    var matcher = VERSION.matcher(header.trim());
    if (!matcher.matches()) {
      throw ApiProblem.badRequest("If-Match", "If-Match must be a version number, bare or quoted");
    }
    return Optional.of(Integer.parseInt(matcher.group(1)));
  }

  private static Optional<String> idempotencyKey(ServerRequest request, Action action) {
    String key = request.headers().firstHeader("Idempotency-Key");
    if (key == null || action.kind() != Action.Kind.CREATE) {
      return Optional.empty();
    }
    if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY) {
      throw ApiProblem.badRequest(
          "Idempotency-Key", "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    return Optional.of(key);
  }

  /**
   * The answer to a committed write, with {@code Keeplive-Position} (SPEC §4.1): the position the
   * write drew, which a client passes to the live gateway's {@code sync}.
   */
  private Mono<ServerResponse> respond(
      ResourceDeclaration resource, Action action, WriteResult result) {
    Consumer<HttpHeaders> position =
        headers -> result.position().ifPresent(p -> headers.set(POSITION_HEADER, Long.toString(p)));
    return switch (action.kind()) {
      case CREATE -> {
        if (result.replayedBody() != null) {
          JsonNode replay = json.readTree(result.replayedBody());
          yield created(resource, replay, position);
        }
        yield created(resource, RowJson.of(result.row()), position);
      }
      case DESTROY -> ServerResponse.noContent().headers(position).build();
      case BULK_UPDATE -> {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        result.rows().forEach(row -> rows.add(RowJson.of(row)));
        var body = JsonNodeFactory.instance.objectNode();
        body.set("rows", rows);
        yield ServerResponse.ok()
            .headers(position)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json.writeValueAsString(body));
      }
      case UPDATE ->
          ServerResponse.ok()
              .headers(position)
              .eTag(String.valueOf(result.row().get(ResourceDeclaration.VERSION)))
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(json.writeValueAsString(RowJson.of(result.row())));
    };
  }

  private Mono<ServerResponse> created(
      ResourceDeclaration resource, JsonNode row, Consumer<HttpHeaders> position) {
    String id = row.get(ResourceDeclaration.ID).stringValue();
    return ServerResponse.status(HttpStatus.CREATED)
        .headers(position)
        .location(URI.create("/api/" + resource.name() + "/" + id))
        .eTag(row.get(ResourceDeclaration.VERSION).asString())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.writeValueAsString(row));
  }

  private Mono<ServerResponse> rowResponse(HttpStatus status, Map<String, Object> row) {
    return ServerResponse.status(status)
        .eTag(String.valueOf(row.get(ResourceDeclaration.VERSION)))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.writeValueAsString(RowJson.of(row)));
  }

  private Mono<ServerResponse> json(HttpStatus status, JsonNode body) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json.writeValueAsString(body));
  }
}
