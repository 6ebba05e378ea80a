package io.keeplive.resource.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.testsupport.TestTokens;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiDocumentTest {

  private static JsonNode document() {
    String body =
        RunningService.shared()
            .client()
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return JsonMapper.builder().build().readTree(body);
  }

  private static List<String> operations(JsonNode document) {
    List<String> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (String method : path.getValue().propertyNames()) {
        operations.add(method.toUpperCase() + " " + path.getKey());
      }
    }
    return operations;
  }

  @Test
  void theDocumentListsExactlyTheRoutesOfSpecSection2() {
    JsonNode document = document();
    assertThat(document.get("openapi").stringValue()).isEqualTo("3.1.0");
    assertThat(operations(document))
        .containsExactlyInAnyOrder(
            "GET /api/tickets",
            "POST /api/tickets",
            "GET /api/tickets/{id}",
            "PATCH /api/tickets/{id}",
            "POST /api/tickets/{id}/assign",
            "DELETE /api/tickets/{id}",
            "POST /api/tickets/bulk-close",
            "GET /api/conversations",
            "POST /api/conversations",
            "GET /api/conversations/{id}",
            "POST /api/conversations/{id}/members",
            "DELETE /api/conversations/{id}/members/{user_id}",
            "GET /api/conversations/{parent}/messages",
            "POST /api/conversations/{parent}/messages",
            "GET /api/messages/{id}",
            "PATCH /api/messages/{id}",
            "DELETE /api/messages/{id}");
  }

  @Test
  void theDocumentIsValidOpenApi31ForAnIndependentParser() {
    String body =
        RunningService.shared()
            .client()
            .get()
            .uri("/v3/api-docs")
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);

    SwaggerParseResult result = new OpenAPIV3Parser().readContents(body, null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getPaths()).hasSize(10);
    assertThat(result.getOpenAPI().getComponents().getSchemas()).containsKeys("Problem", "tickets");
  }

  @Test
  void everyProblemTypeIsDocumented() {
    String description = document().get("info").get("description").stringValue();

    for (ProblemCode code : ProblemCode.values()) {
      assertThat(description).contains(code.type());
    }
  }

  @Test
  void schemasCarryTheDeclaredTypesAndConstraints() {
    JsonNode schemas = document().get("components").get("schemas");
    JsonNode ticket = schemas.get("tickets").get("properties");
    assertThat(ticket.get("title").get("maxLength").intValue()).isEqualTo(200);
    assertThat(ticket.get("title").get("minLength").intValue()).isEqualTo(1);
    assertThat(ticket.get("status").get("enum").toString())
        .isEqualTo("[\"open\",\"in_progress\",\"closed\"]");
    assertThat(ticket.get("assignee_id").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
    assertThat(ticket.get("id").get("format").stringValue()).isEqualTo("uuid");
    JsonNode create = schemas.get("tickets.create");
    assertThat(create.get("additionalProperties").booleanValue()).isFalse();
    assertThat(create.get("required").toString()).isEqualTo("[\"title\"]");
    assertThat(create.get("properties").propertyNames())
        .containsExactlyInAnyOrder("title", "status", "assignee_id");
    assertThat(schemas.get("tickets.close").get("required").toString()).isEqualTo("[\"ids\"]");
    assertThat(schemas.get("messages").get("properties").get("body").get("maxLength").intValue())
        .isEqualTo(4000);
    assertThat(schemas.get("conversations.create").get("properties").propertyNames())
        .containsExactlyInAnyOrder("title", "member_ids");
  }

  @Test
  void everyDocumentedOperationIsServed() {
    Api admin = Api.as("ada", TestTokens.randomTenant(), "admin");
    String id = "00000000-0000-0000-0000-000000000001";
    for (String operation : operations(document())) {
      String[] parts = operation.split(" ");
      String path = parts[1].replace("{id}", id).replace("{parent}", id).replace("{user_id}", "x");
      String answer =
          admin
              .send(HttpMethod.valueOf(parts[0]), path, parts[0].equals("GET") ? null : "{}")
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(String.valueOf(answer)).as(operation).doesNotContain("no such route");
    }
  }

  @Test
  void everySuccessfulWriteDocumentsTheKeeplivePositionHeader() {
    JsonNode document = document();
    List<String> writes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (operation.getKey().equals("get")) {
          continue;
        }
        for (Map.Entry<String, JsonNode> answer :
            operation.getValue().get("responses").properties()) {
          if (answer.getKey().startsWith("2")) {
            writes.add(operation.getKey() + " " + path.getKey());
            assertThat(answer.getValue().at("/headers/Keeplive-Position/schema/type").asString())
                .as(operation.getKey() + " " + path.getKey())
                .isEqualTo("string");
          }
        }
      }
    }
    assertThat(writes).hasSize(11);
  }
}
