package io.keeplive.stack.operations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs against a service, as a kubelet probe or a Prometheus scrape does them. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** A probe that hangs fails the test instead of the build. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Http() {}

  static HttpResponse<String> get(URI url) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(url).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
