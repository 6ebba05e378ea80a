package io.keeplive.resource.openapi;

import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Argument;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.rest.Endpoint;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same declarations and the same
 * {@link Endpoint} list the router is built from. Built once at startup; immutable afterwards.
 */
public final class OpenApiDocument {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String DESCRIPTION =
      "Declared resources over REST. Errors are RFC 9457 application/problem+json with a"
          + " `code` and, when a request field is to blame, a `field` member.";

  private OpenApiDocument() {}

  /**
   * Each problem's {@code type} URI with its meaning: the URIs identify problems (RFC 9457 §3.1.1)
   * and are not meant to be fetched, so this list is their documentation.
   */
  private static String problemTypes() {
    StringBuilder types = new StringBuilder(" Problem types (`type`):");
    for (ProblemCode code : ProblemCode.values()) {
      types
          .append(" `")
          .append(code.type())
          .append("` ")
          .append(code.title())
          .append(" (HTTP ")
          .append(code.status().value())
          .append(", code `")
          .append(code.wireName())
          .append("`);");
    }
    types.setLength(types.length() - 1);
    return types.append('.').toString();
  }

  public static ObjectNode of(Resources resources) {
    ObjectNode document = NODES.objectNode();
    document.put("openapi", "3.1.0");
    ObjectNode info = document.putObject("info");
    info.put("title", "Keeplive resource-service");
    info.put("version", "1");
    info.put("description", DESCRIPTION + problemTypes());
    document.putArray("security").addObject().putArray("bearer");
    ObjectNode components = document.putObject("components");
    ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("Problem", Schemas.problemSchema());
    for (ResourceDeclaration resource : resources.all()) {
      schemas.set(resource.name(), Schemas.rowSchema(resource));
    }
    ObjectNode paths = document.putObject("paths");
    for (Endpoint endpoint : Endpoint.all(resources)) {
      ObjectNode path =
          paths.has(endpoint.path())
              ? (ObjectNode) paths.get(endpoint.path())
              : paths.putObject(endpoint.path());
      path.set(endpoint.method().name().toLowerCase(Locale.ROOT), operation(endpoint, schemas));
    }
    return document;
  }

  /** One operation: what every endpoint has, then what its kind adds. */
  private static ObjectNode operation(Endpoint endpoint, ObjectNode schemas) {
    ResourceDeclaration resource = endpoint.resource();
    ObjectNode operation = NODES.objectNode();
    String name =
        switch (endpoint.kind()) {
          case LIST -> "list";
          case GET -> "get";
          case WRITE -> endpoint.action().orElseThrow().name();
        };
    operation.put("operationId", name + "_" + resource.name());
    operation.putArray("tags").add(resource.name());
    ArrayNode parameters = operation.putArray("parameters");
    if (endpoint.path().contains("{parent}")) {
      parameters.add(pathParameter("parent", Schemas.uuid(), "id of the parent record"));
    }
    if (endpoint.path().contains("{id}")) {
      parameters.add(pathParameter("id", Schemas.uuid(), "record id"));
    }
    ObjectNode responses = operation.putObject("responses");
    switch (endpoint.kind()) {
      case LIST -> list(resource, parameters, responses);
      case GET -> responses.set("200", content("the row", Schemas.ref(resource.name())));
      case WRITE -> write(endpoint, operation, parameters, responses, schemas);
    }
    responses.set(
        "400", problem("unreadable input: unknown field, wrong type, bad id (field named)"));
    responses.set("401", problem("missing, invalid or expired token"));
    if (endpoint.kind() != Endpoint.Kind.LIST || endpoint.path().contains("{parent}")) {
      responses.set("404", problem("does not exist or is not visible to the caller"));
    }
    return operation;
  }

  /** A list: a query parameter per filterable attribute, {@code sort} and {@code limit}. */
  private static void list(
      ResourceDeclaration resource, ArrayNode parameters, ObjectNode responses) {
    for (Attribute attribute : resource.attributes()) {
      if (attribute.filterable()) {
        ObjectNode parameter = parameters.addObject();
        parameter.put("name", attribute.name());
        parameter.put("in", "query");
        parameter.put(
            "description", "equality; comma-separated or repeated values filter by membership");
        parameter.set("schema", Schemas.attributeSchema(attribute, false));
      }
    }
    ObjectNode sort = parameters.addObject();
    sort.put("name", "sort");
    sort.put("in", "query");
    sort.put(
        "description",
        "comma-separated sortable attributes, '-' for descending; id breaks ties. Sortable: "
            + String.join(
                ", ",
                resource.attributes().stream()
                    .filter(Attribute::sortable)
                    .map(Attribute::name)
                    .toList()));
    sort.putObject("schema").put("type", "string");
    ObjectNode limit = parameters.addObject();
    limit.put("name", "limit");
    limit.put("in", "query");
    ObjectNode limitSchema = limit.putObject("schema");
    limitSchema.put("type", "integer");
    limitSchema.put("minimum", 1);
    limitSchema.put("maximum", ResourceDeclaration.MAX_LIMIT);
    limitSchema.put("default", ResourceDeclaration.DEFAULT_LIMIT);
    ObjectNode array = NODES.objectNode();
    array.put("type", "array");
    array.set("items", Schemas.ref(resource.name()));
    responses.set("200", content("policy-filtered rows", array));
  }

  /** An action: its path and header parameters, its body schema and its answers. */
  private static void write(
      Endpoint endpoint,
      ObjectNode operation,
      ArrayNode parameters,
      ObjectNode responses,
      ObjectNode schemas) {
    ResourceDeclaration resource = endpoint.resource();
    Action action = endpoint.action().orElseThrow();
    for (Argument argument : action.pathArguments()) {
      parameters.add(
          pathParameter(
              argument.name(), Schemas.attributeSchema(argument.validatesAs(), false), null));
    }
    if (action.kind() == Action.Kind.CREATE) {
      parameters.add(
          header(
              "Idempotency-Key", "a retried create returns the first result and writes nothing"));
    }
    boolean versioned = action.kind() == Action.Kind.UPDATE || action.kind() == Action.Kind.DESTROY;
    if (versioned) {
      parameters.add(header("If-Match", "expected version, bare or quoted; 412 on mismatch"));
    }
    ObjectNode body = Schemas.bodySchema(action);
    if (body != null) {
      String schemaName = resource.name() + "." + action.name();
      schemas.set(schemaName, body);
      ObjectNode requestBody = operation.putObject("requestBody");
      requestBody.put("required", true);
      requestBody
          .putObject("content")
          .putObject("application/json")
          .set("schema", Schemas.ref(schemaName));
    }
    success(resource, action, responses);
    responses.set("403", problem("the write policy refuses"));
    responses.set("422", problem("a value breaks a constraint (field named)"));
    if (versioned) {
      responses.set("412", problem("If-Match does not match the version"));
    }
  }

  private static void success(ResourceDeclaration resource, Action action, ObjectNode responses) {
    switch (action.kind()) {
      case CREATE -> responses.set("201", content("created", Schemas.ref(resource.name())));
      case DESTROY -> responses.putObject("204").put("description", "destroyed");
      case BULK_UPDATE -> {
        ObjectNode answer = NODES.objectNode();
        answer.put("type", "object");
        ObjectNode rows = answer.putObject("properties").putObject("rows");
        rows.put("type", "array");
        rows.set("items", Schemas.ref(resource.name()));
        responses.set("200", content("the records after the action", answer));
      }
      case UPDATE ->
          responses.set(
              "200", content("the record after the action", Schemas.ref(resource.name())));
    }
  }

  private static ObjectNode header(String name, String description) {
    ObjectNode header = NODES.objectNode();
    header.put("name", name);
    header.put("in", "header");
    header.put("description", description);
    header.putObject("schema").put("type", "string");
    return header;
  }

  private static ObjectNode pathParameter(String name, ObjectNode schema, String description) {
    ObjectNode parameter = NODES.objectNode();
    parameter.put("name", name);
    parameter.put("in", "path");
    parameter.put("required", true);
    if (description != null) {
      parameter.put("description", description);
    }
    parameter.set("schema", schema);
    return parameter;
  }

  private static ObjectNode content(String description, ObjectNode schema) {
    ObjectNode response = NODES.objectNode();
    response.put("description", description);
    response.putObject("content").putObject("application/json").set("schema", schema);
    return response;
  }

  private static ObjectNode problem(String description) {
    ObjectNode response = NODES.objectNode();
    response.put("description", description);
    response
        .putObject("content")
        .putObject("application/problem+json")
        .set("schema", Schemas.ref("Problem"));
    return response;
  }
}
