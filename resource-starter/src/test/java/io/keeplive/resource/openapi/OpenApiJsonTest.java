package io.keeplive.resource.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiJsonTest {

  private static JsonNode written(OpenAPI document) {
    return JsonMapper.builder().build().readTree(OpenApiJson.write(document));
  }

  @Test
  void oneTypeIsWrittenBareAndSeveralAsAnArray() {
    Schema<Object> nullable = new Schema<>();
    nullable.setTypes(new LinkedHashSet<>(List.of("string", "null")));
    OpenAPI document =
        new OpenAPI(SpecVersion.V31)
            .schema("one", Schemas.of("integer"))
            .schema("several", nullable);

    JsonNode schemas = written(document).get("components").get("schemas");

    assertThat(schemas.get("one").get("type").stringValue()).isEqualTo("integer");
    assertThat(schemas.get("several").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
  }

  @Test
  void referencesAreWrittenUnderTheDollarRefName() {
    JsonNode written = written(new OpenAPI(SpecVersion.V31).schema("row", Schemas.ref("tickets")));

    assertThat(written.get("components").get("schemas").get("row").toString())
        .isEqualTo("{\"$ref\":\"#/components/schemas/tickets\"}");
  }

  @Test
  void theModelsBookkeepingNeverReachesTheDocument() {
    OpenAPI document =
        new OpenAPI(SpecVersion.V31)
            .openapi("3.1.0")
            .schema("row", Schemas.of("object"))
            .schemaRequirement(
                "bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"));
    document
        .getComponents()
        .addParameters("q", new Parameter().name("q").in("query").schema(Schemas.of("string")))
        .addRequestBodies(
            "body",
            new RequestBody()
                .content(
                    new Content()
                        .addMediaType("application/json", new MediaType().schema(Schemas.uuid()))));

    String json = OpenApiJson.write(document);

    assertThat(json)
        .doesNotContain("exampleSetFlag", "specVersion", "types", "jsonSchema", "defaultSetFlag")
        .contains("\"type\":\"http\"");
  }
}
