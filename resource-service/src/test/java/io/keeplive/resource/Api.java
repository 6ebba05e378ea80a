package io.keeplive.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.testsupport.TestTokens;
import java.util.List;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers to call resource-service as a given user of a given tenant. */
public final class Api {

  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> ARRAY =
      new ParameterizedTypeReference<>() {};

  private final WebTestClient client;
  private final String token;

  private Api(WebTestClient client, String token) {
    this.client = client;
    this.token = token;
  }

  public static Api as(String user, String tenant, String... roles) {
    return on(RunningService.shared(), user, tenant, roles);
  }

  /** As {@link #as}, against another running instance. */
  public static Api on(RunningService service, String user, String tenant, String... roles) {
    return new Api(service.client(), TestTokens.token(user, tenant, roles));
  }

  public String token() {
    return token;
  }

  /** A request as this user; live API calls also carry the gateways' (development) credential. */
  public WebTestClient.RequestBodySpec request(HttpMethod method, String path) {
    WebTestClient.RequestBodySpec request =
        client
            .method(method)
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON);
    if (path.startsWith("/api/live/")) {
      request.header(ServiceCredential.HEADER, ServiceCredential.DEVELOPMENT_TOKEN);
    }
    return request;
  }

  public WebTestClient.ResponseSpec send(HttpMethod method, String path, String json) {
    WebTestClient.RequestBodySpec request = request(method, path);
    return json == null ? request.exchange() : request.bodyValue(json).exchange();
  }

  /** Creates a ticket and returns its JSON. */
  public Map<String, Object> createTicket(String json) {
    return send(HttpMethod.POST, "/api/tickets", json)
        .expectStatus()
        .isCreated()
        .expectBody(OBJECT)
        .returnResult()
        .getResponseBody();
  }

  public Map<String, Object> ok(HttpMethod method, String path, String json) {
    return send(method, path, json)
        .expectStatus()
        .isOk()
        .expectBody(OBJECT)
        .returnResult()
        .getResponseBody();
  }

  public List<Map<String, Object>> list(String pathAndQuery) {
    return send(HttpMethod.GET, pathAndQuery, null)
        .expectStatus()
        .isOk()
        .expectBody(ARRAY)
        .returnResult()
        .getResponseBody();
  }

  public List<Object> ids(String pathAndQuery) {
    return list(pathAndQuery).stream().map(row -> row.get("id")).toList();
  }

  /** Expects an RFC 9457 problem with this status naming this field (null: any). */
  public static Map<String, Object> problem(
      WebTestClient.ResponseSpec response, int status, String field) {
    Map<String, Object> problem =
        response
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(OBJECT)
            .returnResult()
            .getResponseBody();
    assertThat(problem).containsEntry("status", status).containsKeys("title", "detail", "code");
    if (field != null) {
      assertThat(problem).containsEntry("field", field);
      assertThat((String) problem.get("detail")).contains(field);
    }
    return problem;
  }
}
