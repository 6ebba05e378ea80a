package io.keeplive.stack.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP proxy in front of resource-service that can hold one response: the request reaches
 * resource-service and is answered there (its database snapshot is taken), but the answer is kept
 * from the caller until the test releases it. That makes "a change commits while a fetch is in
 * flight" deterministic instead of a matter of timing.
 */
public final class HoldingProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<Hold> armed = new AtomicReference<>();

  public HoldingProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(executor);
    server.start();
  }

  public URI url() {
    return URI.create("http://localhost:" + server.getAddress().getPort());
  }

  /** The next response to a request whose path starts with {@code pathPrefix} will be held. */
  public Hold holdNext(String pathPrefix) {
    Hold hold = new Hold(pathPrefix);
    armed.set(hold);
    return hold;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                  values.forEach(value -> request.header(name, value));
                }
              });
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Hold hold = armed.get();
      if (hold != null
          && exchange.getRequestURI().getPath().startsWith(hold.pathPrefix)
          && armed.compareAndSet(hold, null)) {
        hold.held.countDown();
        hold.released.await(60, TimeUnit.SECONDS);
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
              });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Hold hold = armed.getAndSet(null);
    if (hold != null) {
      hold.release();
    }
    server.stop(0);
    executor.shutdownNow();
  }

  /** One held response. */
  public static final class Hold {
    private final String pathPrefix;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(String pathPrefix) {
      this.pathPrefix = pathPrefix;
    }

    /** Waits until a matching response has been received from resource-service and is held. */
    public void awaitHeld(Duration timeout) throws InterruptedException {
      if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("no request to " + pathPrefix + " within " + timeout);
      }
    }

    public void release() {
      released.countDown();
    }
  }
}
