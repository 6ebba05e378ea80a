package io.keeplive.resource.openapi;

import io.keeplive.resource.declaration.Resources;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /v3/api-docs}: the generated OpenAPI document, public like the routes it describes.
 */
public final class OpenApiRoutes {

  private OpenApiRoutes() {}

  public static RouterFunction<ServerResponse> routes(Resources resources) {
    String document = OpenApiJson.write(OpenApiDocument.of(resources));
    return RouterFunctions.route()
        .GET(
            "/v3/api-docs",
            request ->
                ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
        .build();
  }
}
