package io.keeplive.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@code keeplive.v1} WebSocket client for tests: records every server frame and the close code,
 * and waits on state changes (never sleeps).
 */
public final class LiveClient implements AutoCloseable {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> unparsable = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final WebSocket socket;

  private LiveClient(URI uri) {
    this.socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).join();
  }

  /** Connects to {@code ws://host:port/live}, given the gateway's http base URL. */
  public static LiveClient connect(String gatewayHttpUrl) {
    return new LiveClient(URI.create(gatewayHttpUrl.replaceFirst("^http", "ws") + "/live"));
  }

  /** Connects and authenticates, waiting for {@code auth_ok}. */
  public static LiveClient authenticated(String gatewayHttpUrl, String token) {
    LiveClient client = connect(gatewayHttpUrl);
    client.send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    client.await(m -> type(m).equals("auth_ok"));
    return client;
  }

  public LiveClient send(String frame) {
    socket.sendText(frame, true).join();
    return this;
  }

  /**
   * Sends {@code frame} unless the connection's output is already closed (the server closed it);
   * returns whether it was sent. For clients that may lose a race with a server close, as a fuzzer
   * does: checking {@link #isClosed()} first leaves a window in which the close arrives.
   */
  public boolean trySend(String frame) {
    try {
      socket.sendText(frame, true).join();
      return true;
    } catch (CompletionException e) {
      if (socket.isOutputClosed()) {
        return false;
      }
      throw e;
    }
  }

  public LiveClient send(JsonNode frame) {
    return send(JSON.writeValueAsString(frame));
  }

  public List<JsonNode> messages() {
    return List.copyOf(received);
  }

  /** Frames the server sent that were not JSON objects (a protocol violation). */
  public List<String> unparsable() {
    return List.copyOf(unparsable);
  }

  /** Messages of one subscription id, in arrival order. */
  public List<JsonNode> messagesFor(String id) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : received) {
      if (m.has("id") && id.equals(m.get("id").asString())) {
        out.add(m);
      }
    }
    return out;
  }

  /** Waits until a message matching {@code predicate} arrived and returns the first such. */
  public JsonNode await(Predicate<JsonNode> predicate) {
    return await(predicate, Duration.ofSeconds(10));
  }

  public JsonNode await(Predicate<JsonNode> predicate, Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> received.stream().filter(predicate).findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  /** Waits for the newest {@code result} of a subscription to satisfy {@code predicate}. */
  public JsonNode awaitResult(String id, Predicate<JsonNode> predicate, Duration timeout) {
    return Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> latestResult(id).filter(predicate), Optional::isPresent)
        .orElseThrow();
  }

  public Optional<JsonNode> latestResult(String id) {
    JsonNode latest = null;
    for (JsonNode m : messagesFor(id)) {
      if (type(m).equals("result")) {
        latest = m;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Waits for the server to close the connection and returns the close code. */
  public int awaitClose(Duration timeout) {
    try {
      return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("server did not close the connection within " + timeout, e);
    }
  }

  public boolean isClosed() {
    return closeCode.isDone();
  }

  public static String type(JsonNode message) {
    JsonNode type = message.get("type");
    return type == null ? "" : type.asString();
  }

  public static JsonNode parse(String json) {
    return JSON.readTree(json);
  }

  @Override
  public void close() {
    if (!closeCode.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        try {
          JsonNode node = JSON.readTree(frame);
          if (node.isObject()) {
            received.add(node);
          } else {
            unparsable.add(frame);
          }
        } catch (RuntimeException e) {
          unparsable.add(frame);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.complete(1006);
    }
  }
}
