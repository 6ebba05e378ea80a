package io.keeplive.stack.operations;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (the {@code prometheus} binary of the Debian package of the same name)
 * scraping services of this JVM every second under the job names the deployment uses. Started only
 * where the binary is installed.
 */
final class RealPrometheus implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final URI url;
  private final Path directory;

  private RealPrometheus(Process process, URI url, Path directory) {
    this.process = process;
    this.url = url;
    this.directory = directory;
  }

  static Optional<Path> binary() {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory, "prometheus");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts Prometheus scraping {@code job name → base URL} at /actuator/prometheus. */
  static RealPrometheus start(Path binary, Map<String, URI> jobs) throws IOException {
    Path directory = Files.createTempDirectory("keeplive-prometheus");
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
    jobs.forEach(
        (job, service) ->
            config
                .append("  - job_name: ")
                .append(job)
                .append(
                    "\n    metrics_path: /actuator/prometheus\n    static_configs:\n      - targets: [\"")
                .append(service.getHost())
                .append(':')
                .append(service.getPort())
                .append("\"]\n"));
    Files.writeString(directory.resolve("prometheus.yml"), config);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + directory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile())
            .start();
    return new RealPrometheus(process, URI.create("http://127.0.0.1:" + port), directory);
  }

  /** The instant-query result vector/matrix of {@code promql}, or null while not reachable. */
  JsonNode query(String promql) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      url.resolve(
                          "/api/v1/query?query="
                              + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (!"success".equals(body.path("status").asString())) {
        throw new AssertionError("Prometheus rejected " + promql + ": " + body);
      }
      return body.path("data").path("result");
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String log() {
    try {
      return Files.readString(directory.resolve("prometheus.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
