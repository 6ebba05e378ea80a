package io.keeplive.stack.gateway;

import io.keeplive.testsupport.LiveClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket client that can stop reading: while paused it requests no frames, so the gateway's
 * writes back up through TCP into its own bounded send queue, exactly as with a slow real client. A
 * close from the server is, like any frame, seen only once the client reads up to it.
 */
final class PausableClient implements AutoCloseable {

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final WebSocket socket;
  private volatile boolean paused;
  private volatile boolean owed;

  PausableClient(String gatewayHttpUrl) {
    URI uri = URI.create(gatewayHttpUrl.replaceFirst("^http", "ws") + "/live");
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public void onOpen(WebSocket webSocket) {
                    webSocket.request(1);
                  }

                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      received.add(LiveClient.parse(partial.toString()));
                      partial.setLength(0);
                    }
                    if (paused) {
                      owed = true;
                    } else {
                      webSocket.request(1);
                    }
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(
                      WebSocket webSocket, int statusCode, String reason) {
                    closeCode.complete(statusCode);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket webSocket, Throwable error) {
                    closeCode.complete(1006);
                  }
                })
            .join();
  }

  void send(String frame) {
    socket.sendText(frame, true).join();
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    if (owed) {
      owed = false;
      socket.request(1);
    }
  }

  List<JsonNode> messagesFor(String id) {
    return received.stream().filter(m -> m.has("id") && m.get("id").asString().equals(id)).toList();
  }

  List<JsonNode> messages() {
    return List.copyOf(received);
  }

  /** Waits until the server's close frame has been read and returns its code (1006: none). */
  int awaitClose(Duration timeout) {
    try {
      return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("server did not close the connection within " + timeout, e);
    }
  }

  boolean isClosed() {
    return closeCode.isDone();
  }

  @Override
  public void close() {
    socket.abort();
  }
}
