package io.keeplive.stack.gateway;

import io.keeplive.testsupport.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket clients of {@link GatewayBenchmark}, in a JVM of their own: the benchmark's JVM
 * then holds only the servers, so its heap per session is the servers' alone, and the clients'
 * sockets do not count against the servers' descriptor limit.
 *
 * <p>Arguments: {@code <gateway ws url>[,<second url>…] <first session> <end session> <subscribe
 * frame> <tenant>…}: sessions {@code first} (inclusive) to {@code end} (exclusive). Session {@code
 * i} is user {@code u<i>} of tenant {@code i % tenants} with role admin ({@code i % 10 == 0}),
 * agent ({@code 1..7}) or viewer ({@code 8, 9}): {@link #roleOf} is shared with the benchmark,
 * which assigns tickets to these agents. Talks to its parent by lines: prints {@code connected
 * <seconds>} once every session has its first {@code result}; on {@code report} prints {@code
 * frames <n> closed <n>}; on {@code exit} (or end of input) aborts its sockets and exits.
 */
public final class BenchmarkClients {

  private BenchmarkClients() {}

  static String roleOf(int session) {
    int r = session % 10;
    return r == 0 ? "admin" : r <= 7 ? "agent" : "viewer";
  }

  /** Counts frames; notes the first {@code result}. */
  static final class Client implements WebSocket.Listener {
    final AtomicLong frames;
    final AtomicLong closed;
    final CompletableFuture<Void> firstResult = new CompletableFuture<>();
    volatile WebSocket socket;

    Client(AtomicLong frames, AtomicLong closed) {
      this.frames = frames;
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (last) {
        frames.incrementAndGet();
        if (!firstResult.isDone() && data.toString().startsWith("{\"type\":\"result\"")) {
          firstResult.complete(null);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.incrementAndGet();
      firstResult.completeExceptionally(
          new IllegalStateException("closed " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.incrementAndGet();
      firstResult.completeExceptionally(error);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> urls = List.of(args[0].split(","));
    int first = Integer.parseInt(args[1]);
    int end = Integer.parseInt(args[2]);
    String subscribe = args[3];
    List<String> tenants = List.of(args).subList(4, args.length);
    // Several clients, so that several selector threads read the sockets.
    List<HttpClient> https = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      https.add(HttpClient.newHttpClient());
    }
    AtomicLong frames = new AtomicLong();
    AtomicLong closed = new AtomicLong();
    List<Client> clients = new ArrayList<>();
    List<CompletableFuture<?>> connecting = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = first; i < end; i++) {
      String token = TestTokens.token("u" + i, tenants.get(i % tenants.size()), roleOf(i));
      for (String url : urls) {
        Client client = new Client(frames, closed);
        clients.add(client);
        connecting.add(
            https
                .get(clients.size() % https.size())
                .newWebSocketBuilder()
                .buildAsync(URI.create(url), client)
                .thenCompose(
                    socket -> {
                      client.socket = socket;
                      return socket.sendText(
                          "{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
                    })
                .thenCompose(socket -> socket.sendText(subscribe, true)));
      }
      if (connecting.size() >= 64) {
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
        connecting.clear();
      }
    }
    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
    CompletableFuture.allOf(
            clients.stream().map(c -> c.firstResult).toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.MINUTES);
    System.out.printf(Locale.ROOT, "connected %.1f%n", (System.nanoTime() - start) / 1e9);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("exit")) {
      if (line.equals("report")) {
        System.out.println("frames " + frames.get() + " closed " + closed.get());
        System.out.flush();
      }
    }
    clients.forEach(
        c -> {
          if (c.socket != null) {
            c.socket.abort();
          }
        });
    System.exit(0);
  }
}
