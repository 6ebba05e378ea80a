package io.keeplive.stack.testing;

import io.keeplive.stack.EmbeddedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one sample from a service's real {@code /actuator/prometheus} output. */
public final class Metrics {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Metrics() {}

  /**
   * The exposition of the service at {@code service}: its management URL, or its public URL, whose
   * management server is then looked up among the running embedded stacks (Prometheus is served on
   * the management port only).
   */
  public static String scrape(URI service) {
    URI management = EmbeddedStack.managementUrlOfServiceAt(service).orElse(service);
    try {
      return HTTP.send(
              HttpRequest.newBuilder(management.resolve("/actuator/prometheus")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sum of all samples of {@code name} whose label set contains every {@code labels} entry (given
   * as {@code key="value"} strings); 0 when absent.
   */
  public static double sum(URI service, String name, String... labels) {
    double total = 0;
    for (String line : scrape(service).split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean matches = true;
      for (String label : labels) {
        matches &= line.contains(label);
      }
      if (matches) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
