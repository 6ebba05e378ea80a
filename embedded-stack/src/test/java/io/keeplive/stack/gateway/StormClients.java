package io.keeplive.stack.gateway;

import io.keeplive.testsupport.TestTokens;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions of {@link ReconnectStormBenchmark}, in a JVM of their own. Each session behaves like
 * {@code @keeplive/client} after a {@code 1001}: when its connection closes it reconnects at once
 * (within a small random delay, as a browser's event loop spreads them) to the next gateway,
 * authenticates and resubscribes — with the {@code etag} of its last {@code result} or without, as
 * the parent says.
 *
 * <p>Arguments: {@code <first session> <end session> <subscribe frame without closing brace>
 * <tenant>…}; session {@code i} is user {@code u<i>} of tenant {@code i % tenants} with the role of
 * {@link BenchmarkClients#roleOf}. Lines on stdin: {@code connect <ws url>} (connect every session,
 * answer {@code live …} once each has its first result), {@code next <ws url> etag|plain} (where to
 * reconnect on close and whether to send the etag; answers {@code armed}, then {@code live …} once
 * every session has a result after its reconnect), {@code exit}. {@code live <seconds> <frames>
 * <bytes> <unchanged> <failed>}: seconds from the first close (or the connect command) to the last
 * session's result, and the frames, bytes (payload plus WebSocket header) and {@code unchanged}
 * results the gateway sent in that time.
 */
public final class StormClients {

  private StormClients() {}

  private static final byte[] RESULT = "{\"type\":\"result\"".getBytes(StandardCharsets.UTF_8);
  private static final String ETAG = "\"etag\":\"";

  /** Counters of one phase, shared by every session of the process. */
  static final class Phase {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicInteger waiting;
    final AtomicLong started = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile URI url;
    volatile boolean etag;
    volatile long finished;

    Phase(int sessions, URI url, boolean etag) {
      this.waiting = new AtomicInteger(sessions);
      this.url = url;
      this.etag = etag;
    }

    void live(long now) {
      if (waiting.decrementAndGet() == 0) {
        finished = now;
      }
    }
  }

  static final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {
    final String auth;
    final String subscribe;
    final EventLoopGroup loops;
    volatile Phase phase;
    volatile String etag;
    volatile boolean liveInPhase;
    volatile boolean stopping;

    Session(String auth, String subscribe, EventLoopGroup loops) {
      this.auth = auth;
      this.subscribe = subscribe;
      this.loops = loops;
    }

    void connect(Phase target) {
      phase = target;
      liveInPhase = false;
      Session self = this;
      BenchmarkClients.webSocket(
              loops,
              target.url,
              120_000,
              () -> new ChannelHandler[] {new WebSocketFrameAggregator(16 * 1024 * 1024), self})
          .connect(target.url.getHost(), target.url.getPort())
          .addListener(
              (ChannelFuture future) -> {
                if (!future.isSuccess()) {
                  target.failed.incrementAndGet();
                  retry();
                }
              });
    }

    @Override
    public boolean isSharable() {
      return true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        String frame =
            phase.etag && etag != null
                ? subscribe + ",\"etag\":\"" + etag + "\"}"
                : subscribe + "}";
        ctx.write(new TextWebSocketFrame(auth));
        ctx.writeAndFlush(new TextWebSocketFrame(frame));
      }
      ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (!(frame instanceof TextWebSocketFrame)) {
        return;
      }
      Phase current = phase;
      ByteBuf content = frame.content();
      int length = content.readableBytes();
      current.frames.incrementAndGet();
      current.bytes.addAndGet(length + (length < 126 ? 2 : length < 65536 ? 4 : 10));
      if (!BenchmarkClients.startsWith(content, RESULT)) {
        return;
      }
      String text = content.toString(StandardCharsets.UTF_8);
      int at = text.lastIndexOf(ETAG);
      if (at >= 0) {
        etag = text.substring(at + ETAG.length(), text.indexOf('"', at + ETAG.length()));
      }
      if (text.contains("\"unchanged\":true")) {
        current.unchanged.incrementAndGet();
      }
      if (!liveInPhase) {
        liveInPhase = true;
        current.live(System.nanoTime());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (stopping) {
        return;
      }
      Phase next = phase;
      next.started.compareAndSet(0, System.nanoTime());
      if (!liveInPhase || next.url == null) {
        // Closed before its result (or nowhere to go yet): try the same target again shortly.
        retry();
        return;
      }
      // A 1001 (or a lost connection) after being live: reconnect at once to the next gateway.
      loops.schedule(
          () -> connect(next), ThreadLocalRandom.current().nextLong(250), TimeUnit.MILLISECONDS);
    }

    private void retry() {
      if (!stopping) {
        loops.schedule(
            () -> connect(phase),
            200 + ThreadLocalRandom.current().nextLong(300),
            TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int first = Integer.parseInt(args[0]);
    int end = Integer.parseInt(args[1]);
    String subscribe = args[2];
    List<String> tenants = List.of(args).subList(3, args.length);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<Session> sessions = new ArrayList<>();
    for (int i = first; i < end; i++) {
      String token =
          TestTokens.token("u" + i, tenants.get(i % tenants.size()), BenchmarkClients.roleOf(i));
      sessions.add(
          new Session("{\"type\":\"auth\",\"token\":\"" + token + "\"}", subscribe, loops));
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("exit")) {
      String[] words = line.split(" ");
      if (words[0].equals("connect")) {
        Phase phase = new Phase(sessions.size(), URI.create(words[1]), false);
        phase.started.set(System.nanoTime());
        for (int i = 0; i < sessions.size(); i++) {
          sessions.get(i).connect(phase);
          if (i % 64 == 63) {
            // Paced: the initial connect is setup, not the measured storm.
            Thread.sleep(20);
          }
        }
        report(phase);
      } else if (words[0].equals("next")) {
        Phase phase = new Phase(sessions.size(), URI.create(words[1]), words[2].equals("etag"));
        // Every session is live on the old gateway: its close now reconnects it to the new one.
        sessions.forEach(s -> s.phase = phase);
        System.out.println("armed");
        System.out.flush();
        report(phase);
      }
    }
    sessions.forEach(s -> s.stopping = true);
    System.exit(0);
  }

  /** Waits (off the event loops) until every session is live in {@code phase}, then reports. */
  private static void report(Phase phase) throws InterruptedException {
    while (phase.waiting.get() > 0 || phase.finished == 0) {
      Thread.sleep(10);
    }
    System.out.printf(
        Locale.ROOT,
        "live %.3f %d %d %d %d%n",
        (phase.finished - phase.started.get()) / 1e9,
        phase.frames.get(),
        phase.bytes.get(),
        phase.unchanged.get(),
        phase.failed.get());
    System.out.flush();
  }
}
