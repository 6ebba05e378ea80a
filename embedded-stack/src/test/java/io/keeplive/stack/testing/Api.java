package io.keeplive.stack.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A REST client of resource-service acting as one user, for cross-service tests. */
public final class Api {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI base;
  private final String token;

  public Api(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * One HTTP exchange: status, parsed body (null when empty) and the write's {@code
   * Keeplive-Position} (null when absent).
   */
  public record Response(int status, JsonNode body, String position) {
    public Response(int status, JsonNode body) {
      this(status, body, null);
    }

    public Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
      }
      return this;
    }

    public String id() {
      return body.get("id").asString();
    }
  }

  public Response call(String method, String path, Object body) {
    return call(method, path, body, Map.of());
  }

  public Response call(String method, String path, Object body, Map<String, String> headers) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(
                body instanceof String s ? s : JSON.writeValueAsString(body));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, publisher)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Response(
          response.statusCode(),
          text == null || text.isBlank() ? null : JSON.readTree(text),
          response.headers().firstValue("Keeplive-Position").orElse(null));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response createTicket(Map<String, Object> fields) {
    return call("POST", "/api/tickets", fields).expect(201);
  }

  public Response createTicket(String title) {
    return createTicket(Map.of("title", title));
  }

  /**
   * {@code count} tickets with ~190-character titles, so that results are large enough to fill the
   * sockets of a client that stops reading; returns their ids in creation order.
   */
  public java.util.List<String> createBulkyTickets(int count) {
    String padding = "x".repeat(180);
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(createTicket(Map.of("title", padding + i)).id());
    }
    return ids;
  }

  public Response updateTicket(String id, Map<String, Object> fields) {
    return call("PATCH", "/api/tickets/" + id, fields).expect(200);
  }

  public Response assign(String id, String assignee) {
    return call("POST", "/api/tickets/" + id + "/assign", Map.of("assignee_id", assignee))
        .expect(200);
  }

  public Response deleteTicket(String id) {
    return call("DELETE", "/api/tickets/" + id, null).expect(204);
  }

  public Response listTickets(String query) {
    return call("GET", "/api/tickets" + (query.isEmpty() ? "" : "?" + query), null).expect(200);
  }
}
