package io.keeplive.chaos.live;

import io.keeplive.chaos.workload.Actors;
import io.keeplive.chaos.workload.Json;
import io.keeplive.contracts.retry.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One user's WebSocket session through the balancer, kept alive as the protocol's reconnect recipe
 * says: on any close or error it reconnects with backoff and jitter, re-authenticates and
 * re-subscribes every spec under a new id ({@code <spec>#<connection>}), so messages of an old
 * connection can never be mistaken for the new one's. Every message goes to the observer.
 */
public final class Session {

  /** Sees every message and every connection event. */
  public interface Observer {
    void onMessage(
        Session session,
        Spec spec,
        int connection,
        String subscriptionId,
        JsonNode message,
        long nanos);

    void onReconnect(Session session, int closeCode);

    void onDuplicate(Session session, String detail);

    /** The client's liveness check dropped a connection that went silent; then it reconnects. */
    void onSilentConnection(Session session, String diagnosis);
  }

  /** Silent this long (nothing, not even a gateway ping), an authenticated client sends ping. */
  static final Duration PING_WHEN_SILENT = Duration.ofSeconds(4);

  /**
   * Silent this long, a connection is dead: the protocol's recipe (docs/protocol.md, "Reconnect")
   * is to drop it and reconnect. Without this a connection whose far end vanished without a FIN (or
   * one stuck in its upgrade) would keep its views frozen forever.
   */
  static final Duration DEAD_WHEN_SILENT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ScheduledExecutorService TIMERS =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread thread = new Thread(r, "chaos-reconnect");
            thread.setDaemon(true);
            return thread;
          });

  private final Actors.User user;
  private final String token;
  private final URI uri;
  private final Map<String, Spec> specs = new ConcurrentHashMap<>();
  private final Map<String, View> views = new HashMap<>();
  private final Observer observer;
  private final Backoff backoff =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));
  private final AtomicInteger connection = new AtomicInteger();
  private final boolean resubscribeAfterGoingAway;
  private volatile boolean closed;
  private volatile WebSocket socket;
  private volatile int lastCloseCode;
  private volatile boolean sawGoingAway;
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
  // Diagnostics of the current connection, for a view that does not converge.
  private volatile long connectedNanos;
  private volatile long lastMessageNanos;
  private volatile long lastPingNanos;
  private final AtomicInteger messagesOnConnection = new AtomicInteger();
  private final AtomicInteger harnessErrors = new AtomicInteger();

  public Session(
      Actors.User user,
      String token,
      String gatewayUrl,
      List<Spec> specs,
      Observer observer,
      boolean resubscribeAfterGoingAway) {
    this.user = user;
    this.token = token;
    this.uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/live");
    specs.forEach(spec -> this.specs.put(spec.name(), spec));
    this.observer = observer;
    this.resubscribeAfterGoingAway = resubscribeAfterGoingAway;
  }

  public Actors.User user() {
    return user;
  }

  public List<Spec> specs() {
    return List.copyOf(specs.values());
  }

  public void open() {
    connect();
  }

  private void connect() {
    if (closed) {
      return;
    }
    int number = connection.incrementAndGet();
    Listener listener = new Listener(number);
    HTTP.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, listener)
        .whenComplete(
            (ws, error) -> {
              if (error != null) {
                listener.end(1006);
              } else {
                listener.watch(ws);
                socket = ws;
                connectedNanos = System.nanoTime();
                lastMessageNanos = 0;
                lastPingNanos = 0;
                messagesOnConnection.set(0);
                sends = CompletableFuture.completedFuture(null);
                send(ws, "{\"type\":\"auth\",\"token\":\"" + token + "\"}");
              }
            });
  }

  private void scheduleReconnect(int code) {
    if (closed) {
      return;
    }
    lastCloseCode = code;
    sawGoingAway |= code == 1001;
    observer.onReconnect(this, code);
    TIMERS.schedule(this::connect, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void subscribeAll(WebSocket ws, int number) {
    if (!resubscribeAfterGoingAway && sawGoingAway) {
      return; // the deliberately broken client of the checker's self-test: forgets after a 1001
    }
    for (Spec spec : specs.values()) {
      ObjectNode message = spec.subscribe().deepCopy();
      message.put("type", "subscribe");
      message.put("id", spec.name() + "#" + number);
      send(ws, Json.MAPPER.writeValueAsString(message));
    }
  }

  /**
   * Sends after the previous frame went out: a WebSocket accepts no new frame while one is still
   * being sent (the send fails instead), so frames sent in a burst are chained.
   */
  private synchronized void send(WebSocket ws, String frame) {
    sends = sends.handle((ignored, error) -> null).thenCompose(ignored -> ws.sendText(frame, true));
  }

  /**
   * Subscribes {@code spec} once more, under the name {@code <spec>~probe}, on the current
   * connection: whether a fresh subscription converges where the old one did not tells a stuck
   * subscription from a stuck connection. Returns the probe's name.
   */
  public String probe(Spec spec) {
    Spec probe =
        new Spec(spec.name() + "~probe", spec.subscribe(), spec.restPath(), spec.ordered());
    WebSocket ws;
    int number;
    synchronized (this) {
      specs.put(probe.name(), probe);
      ws = socket;
      number = connection.get();
    }
    if (ws != null) {
      ObjectNode message = probe.subscribe().deepCopy();
      message.put("type", "subscribe");
      message.put("id", probe.name() + "#" + number);
      send(ws, Json.MAPPER.writeValueAsString(message));
    }
    return probe.name();
  }

  /** The state of this session's connection and of one view, for a failure report. */
  public String diagnosis(String spec) {
    long now = System.nanoTime();
    WebSocket ws = socket;
    return "connection #"
        + connection.get()
        + (ws == null ? " (none)" : ws.isInputClosed() ? " (input closed)" : " (open)")
        + ", connected "
        + ago(now, connectedNanos)
        + ", "
        + messagesOnConnection.get()
        + " message(s) on it, last message "
        + ago(now, lastMessageNanos)
        + ", last ping "
        + ago(now, lastPingNanos)
        + (spec == null ? "" : ", view changed " + ago(now, lastChangeNanos(spec)))
        + ", last close code "
        + lastCloseCode
        + ", harness errors "
        + harnessErrors.get();
  }

  private static String ago(long now, long then) {
    return then == 0 ? "never" : (now - then) / 1_000_000 + " ms ago";
  }

  /** A copy of the current view of one spec (empty until its first result on this connection). */
  public synchronized List<JsonNode> viewRows(String spec) {
    View view = views.get(spec);
    return view == null ? List.of() : view.rows();
  }

  /** When the view of {@code spec} last changed; now when it has none. */
  public synchronized long lastChangeNanos(String spec) {
    View view = views.get(spec);
    return view == null ? System.nanoTime() : view.lastChangeNanos();
  }

  public synchronized boolean hasView(String spec) {
    View view = views.get(spec);
    return view != null && view.hasResult();
  }

  private synchronized String handle(int number, JsonNode message, long nanos) {
    String id = Json.text(message, "id");
    if (id == null || !id.endsWith("#" + number)) {
      observer.onMessage(this, null, number, id, message, nanos);
      return null;
    }
    Spec spec = specs.get(id.substring(0, id.lastIndexOf('#')));
    if (spec == null) {
      observer.onMessage(this, null, number, id, message, nanos);
      return null;
    }
    if (number == connection.get()) {
      if ("result".equals(Json.text(message, "type"))) {
        views.put(spec.name(), new View());
      }
      View view = views.computeIfAbsent(spec.name(), name -> new View());
      String duplicate = view.apply(message);
      observer.onMessage(this, spec, number, id, message, nanos);
      return duplicate;
    }
    observer.onMessage(this, spec, number, id, message, nanos);
    return null;
  }

  public void close() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final int number;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long lastInboundNanos = System.nanoTime();
    private volatile long pingSentNanos;
    private volatile ScheduledFuture<?> watchdog;

    Listener(int number) {
      this.number = number;
    }

    /** Checks every second whether the open connection {@code ws} went silent. */
    void watch(WebSocket ws) {
      lastInboundNanos = System.nanoTime();
      watchdog = TIMERS.scheduleWithFixedDelay(() -> check(ws), 1, 1, TimeUnit.SECONDS);
      if (ended.get()) {
        watchdog.cancel(false);
      }
    }

    private void check(WebSocket ws) {
      long silent = System.nanoTime() - lastInboundNanos;
      if (silent > DEAD_WHEN_SILENT.toNanos()) {
        String diagnosis = diagnosis(null);
        observer.onSilentConnection(Session.this, diagnosis);
        log.warn(
            "{}: connection #{} silent for {} ms, dropped: {}",
            user.name(),
            number,
            silent / 1_000_000,
            diagnosis);
        ws.abort();
        end(1006);
      } else if (authenticated
          && silent > PING_WHEN_SILENT.toNanos()
          && pingSentNanos - lastInboundNanos <= 0) {
        pingSentNanos = System.nanoTime();
        send(ws, "{\"type\":\"ping\"}");
      }
    }

    /** The connection ended (closed, failed or dropped): reconnect, once per connection. */
    void end(int code) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      ScheduledFuture<?> check = watchdog;
      if (check != null) {
        check.cancel(false);
      }
      synchronized (Session.this) {
        if (number == connection.get()) {
          views.clear();
        }
      }
      scheduleReconnect(code);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        try {
          receive(ws, Json.parse(frame));
        } catch (RuntimeException e) {
          // Never stop reading because the harness choked on a frame: count it, say which.
          harnessErrors.incrementAndGet();
          log.warn("{} could not handle {}", user.name(), frame, e);
        }
      }
      ws.request(1);
      return null;
    }

    private void receive(WebSocket ws, JsonNode message) {
      lastInboundNanos = System.nanoTime();
      if (number == connection.get()) {
        lastMessageNanos = System.nanoTime();
        messagesOnConnection.incrementAndGet();
      }
      if ("auth_ok".equals(Json.text(message, "type")) && !authenticated) {
        authenticated = true;
        backoff.reset();
        subscribeAll(ws, number);
      }
      String duplicate = handle(number, message, System.nanoTime());
      if (duplicate != null) {
        observer.onDuplicate(Session.this, duplicate);
      }
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      // The pong goes out by itself; only noted here.
      lastInboundNanos = System.nanoTime();
      if (number == connection.get()) {
        lastPingNanos = System.nanoTime();
      }
      ws.request(1);
      return null;
    }

    private volatile boolean authenticated;

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      end(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      end(1006);
    }
  }
}
