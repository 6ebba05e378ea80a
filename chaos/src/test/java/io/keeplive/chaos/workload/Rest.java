package io.keeplive.chaos.workload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** REST calls through the balancer with a user's own token. */
public final class Rest {

  /** An answer: the status (0 when no answer came) and the body when it was JSON. */
  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** No answer at all, or a 5xx: the write may or may not have happened. */
    public boolean uncertain() {
      return status == 0 || status >= 500;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String baseUrl;
  private final Actors actors;

  public Rest(String baseUrl, Actors actors) {
    this.baseUrl = baseUrl;
    this.actors = actors;
  }

  public Answer get(Actors.User user, String path) {
    return send(user, "GET", path, null, Map.of());
  }

  public Answer send(
      Actors.User user, String method, String path, JsonNode body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("authorization", "Bearer " + actors.token(user))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (!response.body().isBlank()) {
        try {
          json = Json.parse(response.body());
        } catch (RuntimeException e) {
          json = null;
        }
      }
      return new Answer(response.statusCode(), json);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, null);
    } catch (Exception e) {
      return new Answer(0, null);
    }
  }
}
