package io.keeplive.stack.benchmark;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor a fan-out can reach: a bare Netty WebSocket server, no authentication, no refetch, that
 * answers each client's first {@code subscribe} with a {@code result} and then pushes one
 * pre-encoded frame to consecutive groups of sockets at a given rate. Runs in a JVM of its own so
 * its CPU time is its own.
 *
 * <p>Talks to its parent by lines: prints {@code listening <port>}; {@code push <writes/s> <pushes
 * per write> <frame bytes> <seconds>} pushes and then prints {@code pushed <frames>}; {@code exit}
 * (or end of input) stops it.
 */
public final class RawFanOutServer {

  private static final List<Channel> CHANNELS = new CopyOnWriteArrayList<>();

  private RawFanOutServer() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    Channel server =
        new ServerBootstrap()
            .group(loops)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(new WebSocketServerProtocolHandler("/live"))
                        .addLast(new Subscriber());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    System.out.println("listening " + port);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("exit")) {
      String[] words = line.split(" ");
      if (words[0].equals("push")) {
        long pushed =
            push(
                loops,
                Double.parseDouble(words[1]),
                Integer.parseInt(words[2]),
                Integer.parseInt(words[3]),
                Integer.parseInt(words[4]));
        System.out.println("pushed " + pushed);
        System.out.flush();
      }
    }
    System.exit(0);
  }

  /** Answers the first subscribe with a result; ignores everything else. */
  private static final class Subscriber extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private boolean subscribed;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      if (!subscribed && frame.text().contains("\"subscribe\"")) {
        subscribed = true;
        CHANNELS.add(ctx.channel());
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"result\",\"id\":\"q\",\"rows\":[]}"));
      }
    }
  }

  /**
   * Every 1/{@code rate} s, the same frame to the next {@code perWrite} sockets from a random start
   * (the sockets of a tenant, as the gateway's cohort pushes go to one tenant's sessions).
   */
  private static long push(EventLoopGroup loops, double rate, int perWrite, int bytes, int seconds)
      throws InterruptedException {
    ByteBuf frame = Unpooled.directBuffer(bytes);
    String head = "{\"type\":\"change\",\"id\":\"q\",\"rows\":[\"";
    String tail = "\"]}";
    String padding = "x".repeat(Math.max(0, bytes - head.length() - tail.length()));
    frame.writeBytes((head + padding + tail).getBytes(StandardCharsets.UTF_8));
    AtomicLong pushed = new AtomicLong();
    Random random = new Random(1);
    long period = Math.max(1, Math.round(1_000_000 / rate));
    var tick =
        loops
            .next()
            .scheduleAtFixedRate(
                () -> {
                  int start = random.nextInt(CHANNELS.size());
                  for (int i = 0; i < perWrite; i++) {
                    Channel channel = CHANNELS.get((start + i) % CHANNELS.size());
                    channel.writeAndFlush(new TextWebSocketFrame(frame.retainedDuplicate()));
                    pushed.incrementAndGet();
                  }
                },
                0,
                period,
                TimeUnit.MICROSECONDS);
    Thread.sleep(seconds * 1000L);
    tick.cancel(false);
    Thread.sleep(500);
    frame.release();
    return pushed.get();
  }
}
