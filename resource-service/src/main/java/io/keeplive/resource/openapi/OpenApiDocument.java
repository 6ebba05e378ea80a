package io.keeplive.resource.openapi;

import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Argument;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.rest.Endpoint;
import io.keeplive.resource.rest.ResourceRoutes;
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

  private OpenApiDocument() {}

  public static ObjectNode of(Resources resources) {
    ObjectNode document = NODES.objectNode();
    document.put("openapi", "3.1.0");
    ObjectNode info = document.putObject("info");
    info.put("title", "Keeplive resource-service");
    info.put("version", "1");
    info.put(
        "description",
        "Declared resources over REST. Errors are RFC 9457 application/problem+json with a"
            + " `code` and, when a request field is to blame, a `field` member.");
    document.putArray("security").addObject().putArray("bearer");
    ObjectNode components = document.putObject("components");
    ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("Problem", problemSchema());
    for (ResourceDeclaration resource : resources.all()) {
      schemas.set(resource.name(), rowSchema(resource));
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
      parameters.add(pathParameter("parent", uuid(), "id of the parent record"));
    }
    if (endpoint.path().contains("{id}")) {
      parameters.add(pathParameter("id", uuid(), "record id"));
    }
    ObjectNode responses = operation.putObject("responses");
    switch (endpoint.kind()) {
      case LIST -> {
        for (Attribute attribute : resource.attributes()) {
          if (attribute.filterable()) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", attribute.name());
            parameter.put("in", "query");
            parameter.put(
                "description", "equality; comma-separated or repeated values filter by membership");
            parameter.set("schema", attributeSchema(attribute, false));
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
        array.set("items", ref(resource.name()));
        responses.set("200", content("policy-filtered rows", array));
      }
      case GET -> responses.set("200", content("the row", ref(resource.name())));
      case WRITE -> {
        Action action = endpoint.action().orElseThrow();
        for (Argument argument : action.pathArguments()) {
          parameters.add(
              pathParameter(argument.name(), attributeSchema(argument.validatesAs(), false), null));
        }
        if (action.kind() == Action.Kind.CREATE) {
          ObjectNode key = parameters.addObject();
          key.put("name", "Idempotency-Key");
          key.put("in", "header");
          key.put("description", "a retried create returns the first result and writes nothing");
          key.putObject("schema").put("type", "string");
        }
        if (action.kind() == Action.Kind.UPDATE || action.kind() == Action.Kind.DESTROY) {
          ObjectNode ifMatch = parameters.addObject();
          ifMatch.put("name", "If-Match");
          ifMatch.put("in", "header");
          ifMatch.put("description", "expected version, bare or quoted; 412 on mismatch");
          ifMatch.putObject("schema").put("type", "string");
        }
        ObjectNode body = bodySchema(action);
        if (body != null) {
          String schemaName = resource.name() + "." + action.name();
          schemas.set(schemaName, body);
          ObjectNode requestBody = operation.putObject("requestBody");
          requestBody.put("required", true);
          requestBody
              .putObject("content")
              .putObject("application/json")
              .set("schema", ref(schemaName));
        }
        switch (action.kind()) {
          case CREATE -> responses.set("201", content("created", ref(resource.name())));
          case DESTROY -> responses.putObject("204").put("description", "destroyed");
          case BULK_UPDATE -> {
            ObjectNode answer = NODES.objectNode();
            answer.put("type", "object");
            ObjectNode rows = answer.putObject("properties").putObject("rows");
            rows.put("type", "array");
            rows.set("items", ref(resource.name()));
            responses.set("200", content("the records after the action", answer));
          }
          case UPDATE ->
              responses.set("200", content("the record after the action", ref(resource.name())));
        }
        responses.set("403", problem("the write policy refuses"));
        responses.set("422", problem("a value breaks a constraint (field named)"));
        if (action.kind() == Action.Kind.UPDATE || action.kind() == Action.Kind.DESTROY) {
          responses.set("412", problem("If-Match does not match the version"));
        }
      }
    }
    responses.set(
        "400", problem("unreadable input: unknown field, wrong type, bad id (field named)"));
    responses.set("401", problem("missing, invalid or expired token"));
    if (endpoint.kind() != Endpoint.Kind.LIST || endpoint.path().contains("{parent}")) {
      responses.set("404", problem("does not exist or is not visible to the caller"));
    }
    return operation;
  }

  private static ObjectNode bodySchema(Action action) {
    if (action.bodyArguments().isEmpty() && action.kind() != Action.Kind.BULK_UPDATE) {
      return null;
    }
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (Argument argument : action.bodyArguments()) {
      properties.set(argument.name(), attributeSchema(argument.validatesAs(), true));
      if (argument.required()) {
        required.add(argument.name());
      }
    }
    if (action.kind() == Action.Kind.BULK_UPDATE) {
      ObjectNode ids = properties.putObject("ids");
      ids.put("type", "array");
      ids.put("minItems", 1);
      ids.put("maxItems", ResourceRoutes.MAX_BULK_IDS);
      ids.set("items", uuid());
      required.add("ids");
    }
    return schema;
  }

  private static ObjectNode rowSchema(ResourceDeclaration resource) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (Attribute attribute : resource.attributes()) {
      properties.set(attribute.name(), attributeSchema(attribute, true));
      required.add(attribute.name());
    }
    return schema;
  }

  private static ObjectNode attributeSchema(Attribute attribute, boolean allowNull) {
    ObjectNode schema = NODES.objectNode();
    String type =
        switch (attribute.type()) {
          case UUID, TEXT, ENUM, TIMESTAMP -> "string";
          case INTEGER -> "integer";
          case TEXT_SET -> "array";
        };
    if (allowNull && attribute.nullable()) {
      schema.putArray("type").add(type).add("null");
    } else {
      schema.put("type", type);
    }
    switch (attribute.type()) {
      case UUID -> schema.put("format", "uuid");
      case TIMESTAMP -> schema.put("format", "date-time");
      case TEXT -> textLimits(schema, attribute);
      case ENUM -> {
        ArrayNode values = schema.putArray("enum");
        attribute.allowedValues().forEach(values::add);
      }
      case TEXT_SET -> {
        schema.put("uniqueItems", true);
        if (attribute.maxSize() > 0) {
          schema.put("maxItems", attribute.maxSize());
        }
        ObjectNode items = schema.putObject("items");
        items.put("type", "string");
        textLimits(items, attribute);
      }
      case INTEGER -> {}
    }
    return schema;
  }

  private static void textLimits(ObjectNode schema, Attribute attribute) {
    if (attribute.minLength() > 0) {
      schema.put("minLength", attribute.minLength());
    }
    if (attribute.maxLength() > 0) {
      schema.put("maxLength", attribute.maxLength());
    }
  }

  private static ObjectNode problemSchema() {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (String name : new String[] {"type", "title", "detail", "instance", "code", "field"}) {
      properties.putObject(name).put("type", "string");
    }
    properties.putObject("status").put("type", "integer");
    schema.putArray("required").add("title").add("status").add("detail").add("code");
    return schema;
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
        .set("schema", ref("Problem"));
    return response;
  }

  private static ObjectNode uuid() {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "string");
    schema.put("format", "uuid");
    return schema;
  }

  private static ObjectNode ref(String schema) {
    ObjectNode ref = NODES.objectNode();
    ref.put("$ref", "#/components/schemas/" + schema);
    return ref;
  }
}
