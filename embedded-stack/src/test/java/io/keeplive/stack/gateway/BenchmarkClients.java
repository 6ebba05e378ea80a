package io.keeplive.stack.gateway;

import io.keeplive.testsupport.TestTokens;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The WebSocket clients of {@link GatewayBenchmark}, in a JVM of their own: the benchmark's JVM
 * then holds only the servers, so its heap per session is the servers' alone, and the clients'
 * sockets do not count against the servers' descriptor limit.
 *
 * <p>Arguments: {@code <gateway ws url>[,<second url>…] <first session> <end session> <subscribe
 * frame> <tenant>…}: sessions {@code first} (inclusive) to {@code end} (exclusive). Session {@code
 * i} is user {@code u<i>} of tenant {@code i % tenants} with role admin ({@code i % 10 == 0}),
 * agent ({@code 1..7}) or viewer ({@code 8, 9}): {@link #roleOf} is shared with the benchmark,
 * which assigns tickets to these agents. Talks to its parent by lines: with {@code
 * -Dbench.awaitGo=true} prints {@code ready} once every session is prepared and connects on {@code
 * go}; prints {@code connected <seconds> <retried connects>} once every session has its first
 * {@code result}; on {@code report} prints {@code frames <n> bytes <n> closed <n>}; on {@code exit}
 * (or end of input) closes its connections and exits.
 *
 * <p>With {@code -Dbench.latency=true} it also measures, per tenant, how long after its write each
 * pushed row arrived ({@link ClientLatencies}): {@code latency} prints the histograms, {@code
 * reset} empties them. With {@code -Dbench.variants=n} a {@code {variant}} in the subscribe frame
 * is replaced by the session's variant, {@code (i / tenants) % n}: each tenant's sessions then
 * subscribe with {@code n} different queries; {@code -Dbench.variants=n0,n1,…} gives tenant k its
 * own {@code nk} (the last one for every tenant after it).
 */
public final class BenchmarkClients {

  private BenchmarkClients() {}

  /** The query variant of session {@code i} (see {@code bench.variants}). */
  static int variantOf(int session, int tenants) {
    int variants = VARIANTS[Math.min(session % tenants, VARIANTS.length - 1)];
    return (session / tenants) % variants;
  }

  static String roleOf(int session) {
    int r = session % 10;
    return r == 0 ? "admin" : r <= 7 ? "agent" : "viewer";
  }

  // Handshakes in flight at once: 64 paces them as the JDK client did; a connect storm passes the
  // number of sessions (all at once).
  private static final int CONNECT_BATCH = Integer.getInteger("bench.connectBatch", 64);
  private static final boolean LATENCY = Boolean.getBoolean("bench.latency");
  private static final int[] VARIANTS =
      Stream.of(System.getProperty("bench.variants", "1").split(","))
          .mapToInt(v -> Math.max(1, Integer.parseInt(v.trim())))
          .toArray();

  // Prepare every session, print "ready", connect on "go" (ConnectStormBenchmark).
  private static final boolean AWAIT_GO = Boolean.getBoolean("bench.awaitGo");

  // Source address of the connections (a 127.x.y.z of its own per process gives each process the
  // whole ephemeral port range towards the gateway); empty: the system's choice.
  private static final String LOCAL_ADDRESS = System.getProperty("bench.localAddress", "");

  private static final byte[] RESULT = "{\"type\":\"result\"".getBytes(StandardCharsets.UTF_8);

  /**
   * One session on a bare Netty pipeline: the load generator shares the machine's two cores with
   * the servers, so it should cost as little per frame as possible (the JDK's WebSocket client
   * spent about 50 µs of CPU per received frame). Counts frames; notes the first {@code result}.
   */
  static final class Client extends SimpleChannelInboundHandler<WebSocketFrame> {
    final AtomicLong frames;
    final AtomicLong bytes;
    final AtomicLong closed;
    final String auth;
    final String subscribe;
    final CompletableFuture<Void> handshake = new CompletableFuture<>();
    final CompletableFuture<Void> firstResult = new CompletableFuture<>();
    volatile Channel channel;
    // Set when latencies are measured: this session's tenant and where its latencies go.
    int tenant;
    ClientLatencies latencies;
    // Set in a storm: where to connect again after a failure.
    volatile EventLoopGroup retry;
    volatile URI target;

    Client(AtomicLong frames, AtomicLong bytes, AtomicLong closed, String auth, String subscribe) {
      this.frames = frames;
      this.bytes = bytes;
      this.closed = closed;
      this.auth = auth;
      this.subscribe = subscribe;
    }

    @Override
    public boolean isSharable() {
      // A storm's retry adds the same session to the pipeline of its next connection.
      return true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        ctx.write(new TextWebSocketFrame(auth));
        ctx.writeAndFlush(new TextWebSocketFrame(subscribe));
        handshake.complete(null);
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
        bytes.addAndGet(frame.content().readableBytes());
        if (frame.isFinalFragment()) {
          frames.incrementAndGet();
          if (latencies != null && frame instanceof TextWebSocketFrame) {
            latencies.record(tenant, frame.content());
          }
        }
        if (!firstResult.isDone() && startsWith(frame.content(), RESULT)) {
          firstResult.complete(null);
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closed.incrementAndGet();
      failed(new IllegalStateException("connection closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
      failed(error);
      ctx.close();
    }

    /**
     * In a storm, a session that failed before its first result connects again after a jittered
     * wait, as a real client does; otherwise the failure ends the run.
     */
    void failed(Throwable error) {
      if (retry != null && !firstResult.isDone()) {
        RETRIES.incrementAndGet();
        retry.schedule(
            () -> connect(retry, target, this),
            200 + ThreadLocalRandom.current().nextLong(800),
            TimeUnit.MILLISECONDS);
        return;
      }
      handshake.completeExceptionally(error);
      firstResult.completeExceptionally(error);
    }
  }

  // Connects retried after a failure or a close before the first result (storms only).
  private static final AtomicLong RETRIES = new AtomicLong();

  public static void main(String[] args) throws Exception {
    List<String> urls = List.of(args[0].split(","));
    int first = Integer.parseInt(args[1]);
    int end = Integer.parseInt(args[2]);
    String subscribe = args[3];
    List<String> tenants = List.of(args).subList(4, args.length);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    AtomicLong frames = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicLong closed = new AtomicLong();
    List<Client> clients = new ArrayList<>();
    List<URI> targets = new ArrayList<>();
    ClientLatencies latencies = LATENCY ? new ClientLatencies(tenants.size()) : null;
    for (int i = first; i < end; i++) {
      String token = TestTokens.token("u" + i, tenants.get(i % tenants.size()), roleOf(i));
      for (String url : urls) {
        Client client =
            new Client(
                frames,
                bytes,
                closed,
                "{\"type\":\"auth\",\"token\":\"" + token + "\"}",
                subscribe.replace("{variant}", String.valueOf(variantOf(i, tenants.size()))));
        client.tenant = i % tenants.size();
        client.latencies = latencies;
        clients.add(client);
        targets.add(URI.create(url));
      }
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (AWAIT_GO) {
      // A connect storm measures the servers, not this JVM's start and token signing: every
      // session is prepared before the parent says go.
      System.out.println("ready");
      System.out.flush();
      if (!"go".equals(in.readLine())) {
        System.exit(1);
      }
    }
    long start = System.nanoTime();
    List<CompletableFuture<?>> connecting = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      Client client = clients.get(i);
      if (AWAIT_GO) {
        client.retry = loops;
        client.target = targets.get(i);
        connect(loops, targets.get(i), client);
        continue;
      }
      connecting.add(connect(loops, targets.get(i), client));
      if (connecting.size() >= CONNECT_BATCH) {
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
        connecting.clear();
      }
    }
    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
    CompletableFuture.allOf(
            clients.stream().map(c -> c.firstResult).toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT, "connected %.3f %d%n", (System.nanoTime() - start) / 1e9, RETRIES.get());
    System.out.flush();
    String line;
    while ((line = in.readLine()) != null && !line.equals("exit")) {
      if (line.equals("latency")) {
        System.out.println(latencies == null ? "latency" : latencies.report());
        System.out.flush();
      } else if (line.equals("reset") && latencies != null) {
        latencies.reset();
      } else if (line.equals("report")) {
        System.out.println(
            "frames " + frames.get() + " bytes " + bytes.get() + " closed " + closed.get());
        System.out.flush();
      }
    }
    clients.forEach(
        c -> {
          if (c.channel != null) {
            c.channel.close();
          }
        });
    System.exit(0);
  }

  /**
   * Connects and completes once the WebSocket handshake is done (auth and subscribe are then
   * written), so that connecting in batches paces the handshakes as the JDK client did.
   */
  private static CompletableFuture<Void> connect(EventLoopGroup loops, URI uri, Client client) {
    Bootstrap bootstrap = webSocket(loops, uri, 60_000, () -> new ChannelHandler[] {client});
    InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
    (LOCAL_ADDRESS.isEmpty()
            ? bootstrap.connect(remote)
            : bootstrap.connect(remote, new InetSocketAddress(LOCAL_ADDRESS, 0)))
        .addListener(
            (ChannelFuture future) -> {
              if (future.isSuccess()) {
                client.channel = future.channel();
              } else {
                client.failed(future.cause());
              }
            });
    return client.handshake;
  }

  /** Whether a frame's text begins with {@code prefix}, without decoding it. */
  static boolean startsWith(ByteBuf content, byte[] prefix) {
    if (content.readableBytes() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content.getByte(content.readerIndex() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A bootstrap for one WebSocket client connection to {@code uri}: HTTP codec, handshake, then the
   * handlers {@code tail} makes for each channel (a sharable handler may be returned each time).
   */
  static Bootstrap webSocket(
      EventLoopGroup loops, URI uri, int handshakeMillis, Supplier<ChannelHandler[]> tail) {
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .maxFramePayloadLength(16 * 1024 * 1024)
            .handshakeTimeoutMillis(handshakeMillis)
            .build();
    return new Bootstrap()
        .group(loops)
        .channel(NioSocketChannel.class)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel channel) {
                channel
                    .pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(64 * 1024))
                    .addLast(new WebSocketClientProtocolHandler(config))
                    .addLast(tail.get());
              }
            });
  }
}
