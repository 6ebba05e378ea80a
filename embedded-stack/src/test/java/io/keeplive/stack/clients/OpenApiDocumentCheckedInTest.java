package io.keeplive.stack.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.LiveClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The REST row types of @keeplive/client are generated from
 * clients/js/openapi/resource-service.json (the node test `check:types` fails when the generated
 * file is stale); this test keeps that copy equal to the document the running resource-service
 * serves. On a difference it writes the live document over the copy, so that {@code npm run
 * gen:types} in clients/js and a commit fix it.
 */
class OpenApiDocumentCheckedInTest {

  @Test
  void theCheckedInOpenApiDocumentIsTheOneResourceServiceServes() throws Exception {
    URI url = SharedStack.get().resourceServiceUrl().resolve("/v3/api-docs");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode live = LiveClient.parse(response.body());

    Path copy = Repository.clients().resolve("js/openapi/resource-service.json");
    JsonNode checkedIn = LiveClient.parse(Files.readString(copy));
    if (!live.equals(checkedIn)) {
      write(copy, live);
    }
    assertThat(checkedIn)
        .as(
            "%s differs from %s: it was rewritten; run `npm run gen:types` in clients/js and commit"
                + " both",
            copy, url)
        .isEqualTo(live);
  }

  private static void write(Path copy, JsonNode live) throws IOException {
    Files.writeString(copy, live.toPrettyString() + "\n");
  }
}
