package io.keeplive.resource.openapi;

import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Argument;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.rest.Endpoint;
import io.keeplive.resource.rest.ResourceRoutes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.stream.Collectors;

/**
 * The OpenAPI 3.1 document of the REST API, built as the typed swagger-models tree from the same
 * declarations and the same {@link Endpoint} list the router is built from. Built once at startup;
 * {@link OpenApiJson} writes it.
 */
public final class OpenApiDocument {

  private static final String DESCRIPTION =
      "Declared resources over REST. Errors are RFC 9457 application/problem+json with a"
          + " `code` and, when a request field is to blame, a `field` member.";

  private OpenApiDocument() {}

  public static OpenAPI of(Resources resources) {
    Components components =
        new Components()
            .addSecuritySchemes(
                "bearer",
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .bearerFormat("JWT"))
            .addSchemas("Problem", Schemas.problemSchema());
    for (ResourceDeclaration resource : resources.all()) {
      components.addSchemas(resource.name(), Schemas.rowSchema(resource));
    }
    Paths paths = new Paths();
    for (Endpoint endpoint : Endpoint.all(resources)) {
      PathItem path = paths.computeIfAbsent(endpoint.path(), ignored -> new PathItem());
      path.operation(
          PathItem.HttpMethod.valueOf(endpoint.method().name()), operation(endpoint, components));
    }
    return new OpenAPI(SpecVersion.V31)
        .openapi("3.1.0")
        .info(
            new Info()
                .title("Keeplive resource-service")
                .version("1")
                .description(DESCRIPTION + problemTypes()))
        .addSecurityItem(new SecurityRequirement().addList("bearer"))
        .components(components)
        .paths(paths);
  }

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

  /** One operation: what every endpoint has, then what its kind adds. */
  private static Operation operation(Endpoint endpoint, Components components) {
    ResourceDeclaration resource = endpoint.resource();
    String name =
        switch (endpoint.kind()) {
          case LIST -> "list";
          case GET -> "get";
          case WRITE -> endpoint.action().orElseThrow().name();
        };
    Operation operation =
        new Operation()
            .operationId(name + "_" + resource.name())
            .addTagsItem(resource.name())
            .responses(new ApiResponses());
    // Always present, even when empty, as the document has always had it.
    operation.setParameters(new ArrayList<>());
    if (endpoint.path().contains("{parent}")) {
      operation.addParametersItem(
          pathParameter("parent", Schemas.uuid(), "id of the parent record"));
    }
    if (endpoint.path().contains("{id}")) {
      operation.addParametersItem(pathParameter("id", Schemas.uuid(), "record id"));
    }
    ApiResponses responses = operation.getResponses();
    switch (endpoint.kind()) {
      case LIST -> list(resource, operation);
      case GET -> responses.addApiResponse("200", content("the row", Schemas.ref(resource.name())));
      case WRITE -> write(endpoint, operation, components);
    }
    responses.addApiResponse(
        "400", problem("unreadable input: unknown field, wrong type, bad id (field named)"));
    responses.addApiResponse("401", problem("missing, invalid or expired token"));
    if (endpoint.kind() != Endpoint.Kind.LIST || endpoint.path().contains("{parent}")) {
      responses.addApiResponse("404", problem("does not exist or is not visible to the caller"));
    }
    return operation;
  }

  /** A list: a query parameter per filterable attribute, {@code sort} and {@code limit}. */
  private static void list(ResourceDeclaration resource, Operation operation) {
    for (Attribute attribute : resource.attributes()) {
      if (attribute.filterable()) {
        operation.addParametersItem(
            new Parameter()
                .name(attribute.name())
                .in("query")
                .description("equality; comma-separated or repeated values filter by membership")
                .schema(Schemas.attributeSchema(attribute, false)));
      }
    }
    String sortable =
        resource.attributes().stream()
            .filter(Attribute::sortable)
            .map(Attribute::name)
            .collect(Collectors.joining(", "));
    operation
        .addParametersItem(
            new Parameter()
                .name("sort")
                .in("query")
                .description(
                    "comma-separated sortable attributes, '-' for descending; id breaks ties."
                        + " Sortable: "
                        + sortable)
                .schema(Schemas.of("string")))
        .addParametersItem(
            new Parameter()
                .name("limit")
                .in("query")
                .schema(
                    Schemas.integerBetween(
                        1, ResourceDeclaration.MAX_LIMIT, ResourceDeclaration.DEFAULT_LIMIT)))
        .addParametersItem(
            cursor(
                "after",
                "keyset window start (exclusive): a `next` cursor of a live result of this list"
                    + " and sort; 400 for any other cursor"))
        .addParametersItem(
            cursor(
                "until",
                "keyset window end (inclusive): a `next` cursor of a live result of this list"
                    + " and sort; 400 for any other cursor"));
    operation
        .getResponses()
        .addApiResponse(
            "200", content("policy-filtered rows", Schemas.arrayOf(Schemas.ref(resource.name()))));
  }

  /** An action: its path and header parameters, its body schema and its answers. */
  private static void write(Endpoint endpoint, Operation operation, Components components) {
    ResourceDeclaration resource = endpoint.resource();
    Action action = endpoint.action().orElseThrow();
    for (Argument argument : action.pathArguments()) {
      operation.addParametersItem(
          pathParameter(
              argument.name(), Schemas.attributeSchema(argument.validatesAs(), false), null));
    }
    if (action.kind() == Action.Kind.CREATE) {
      operation.addParametersItem(
          header(
              "Idempotency-Key", "a retried create returns the first result and writes nothing"));
    }
    boolean versioned = action.kind() == Action.Kind.UPDATE || action.kind() == Action.Kind.DESTROY;
    if (versioned) {
      operation.addParametersItem(
          header("If-Match", "expected version, bare or quoted; 412 on mismatch"));
    }
    Schema<Object> body = Schemas.bodySchema(action);
    if (body != null) {
      String schemaName = resource.name() + "." + action.name();
      components.addSchemas(schemaName, body);
      operation.requestBody(
          new RequestBody()
              .required(true)
              .content(
                  new Content()
                      .addMediaType(
                          "application/json", new MediaType().schema(Schemas.ref(schemaName)))));
    }
    ApiResponses responses = operation.getResponses();
    success(resource, action, responses);
    responses.addApiResponse("403", problem("the write policy refuses"));
    responses.addApiResponse("422", problem("a value breaks a constraint (field named)"));
    if (versioned) {
      responses.addApiResponse("412", problem("If-Match does not match the version"));
    }
  }

  /** The success answer of an action, with the position a client can wait for (SPEC §4.1). */
  private static void success(ResourceDeclaration resource, Action action, ApiResponses responses) {
    Schema<Object> row = Schemas.ref(resource.name());
    String status =
        switch (action.kind()) {
          case CREATE -> "201";
          case DESTROY -> "204";
          case BULK_UPDATE, UPDATE -> "200";
        };
    ApiResponse answer =
        switch (action.kind()) {
          case CREATE -> content("created", row);
          case DESTROY -> new ApiResponse().description("destroyed");
          case BULK_UPDATE ->
              content(
                  "the records after the action",
                  Schemas.of("object").addProperty("rows", Schemas.arrayOf(row)));
          case UPDATE -> content("the record after the action", row);
        };
    responses.addApiResponse(
        status,
        answer.addHeaderObject(
            ResourceRoutes.POSITION_HEADER,
            new Header()
                .description(
                    "the tenant's position after this write (a decimal string; an idempotent"
                        + " replay answers the first one): send it as `sync` on the WebSocket"
                        + " to learn when your live views reflect the write")
                .schema(Schemas.of("string"))));
  }

  private static Parameter cursor(String name, String description) {
    return new Parameter()
        .name(name)
        .in("query")
        .description(description)
        .schema(Schemas.of("string"));
  }

  private static Parameter header(String name, String description) {
    return new Parameter()
        .name(name)
        .in("header")
        .description(description)
        .schema(Schemas.of("string"));
  }

  private static Parameter pathParameter(String name, Schema<?> schema, String description) {
    return new Parameter()
        .name(name)
        .in("path")
        .required(true)
        .description(description)
        .schema(schema);
  }

  private static ApiResponse content(String description, Schema<?> schema) {
    return new ApiResponse()
        .description(description)
        .content(new Content().addMediaType("application/json", new MediaType().schema(schema)));
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/problem+json", new MediaType().schema(Schemas.ref("Problem"))));
  }
}
