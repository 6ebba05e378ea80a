import java.net.URI;
import java.net.http.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Load for the memory measurement (docs/operations.md, "Memory"): dev-mode tokens for N tenants,
 * WebSocket sessions each holding two list subscriptions over tickets, and REST creates at a fixed
 * rate, so that every write is refetched and pushed to every session of its tenant.
 *   java Load.java <sessions> <tenants> <writes per second> <seconds>
 */
public class Load {
  public static void main(String[] args) throws Exception {
    int sessions = Integer.parseInt(args[0]);
    int tenants = Integer.parseInt(args[1]);
    int writesPerSecond = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String[] tokens = new String[tenants];
    for (int t = 0; t < tenants; t++) {
      String body = "{\"user\":\"u" + t + "\",\"tenant\":\"t" + t + "\",\"roles\":[\"agent\"],\"ttl_seconds\":7200}";
      String answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:28080/dev/token"))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      tokens[t] = answer.replaceAll(".*\"token\":\"([^\"]*)\".*", "$1");
    }
    AtomicLong received = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    List<WebSocket> sockets = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      String token = tokens[s % tenants];
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:28080/live"), new WebSocket.Listener() {
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
          received.incrementAndGet(); bytes.addAndGet(data.length()); w.request(1); return null;
        }
      }).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true).get();
      ws.sendText("{\"type\":\"subscribe\",\"id\":\"open\",\"resource\":\"tickets\",\"filter\":{\"status\":\"open\"},\"sort\":[\"-updated_at\"],\"limit\":100}", true).get();
      ws.sendText("{\"type\":\"subscribe\",\"id\":\"all\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":50}", true).get();
      sockets.add(ws);
    }
    System.out.println("sessions open: " + sockets.size());
    ScheduledExecutorService writer = Executors.newScheduledThreadPool(2);
    AtomicLong writes = new AtomicLong(), failed = new AtomicLong();
    long periodMicros = 1_000_000L / writesPerSecond;
    Random random = new Random(1);
    writer.scheduleAtFixedRate(() -> {
      int t = random.nextInt(tenants);
      String body = "{\"title\":\"" + "load ticket ".repeat(10) + writes.get() + "\"}";
      http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:28081/api/tickets"))
          .header("authorization", "Bearer " + tokens[t]).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> { if (e != null || r.statusCode() >= 300) failed.incrementAndGet(); else writes.incrementAndGet(); });
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
    for (int i = 0; i < seconds / 10; i++) {
      Thread.sleep(10_000);
      System.out.printf("t=%ds writes=%d failed=%d messages=%d MiB=%.1f%n", (i + 1) * 10, writes.get(), failed.get(), received.get(), bytes.get() / 1048576.0);
    }
    writer.shutdownNow();
    for (WebSocket ws : sockets) ws.abort();
    System.exit(0);
  }
}
