package io.keeplive.gateway.session.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.concurrent.RejectedExecutionException;
import reactor.netty.Connection;

/**
 * What a session needs to know about its connection to bound its output in bytes: whether the
 * connection takes more frames now, how many bytes it still holds unwritten, and a way to hear when
 * it can take more again.
 *
 * <p>On Netty: frames are handed to the connection only while its write buffer is under the
 * channel's high-water mark (64 KiB by default), and always on the channel's event loop, where
 * Reactor Netty writes them through at once; so the connection holds at most the high-water mark
 * plus one frame, all of it in Netty's outbound buffer, which {@link #pending()} reads.
 */
public interface Transport {

  /** Whether the connection takes more frames now. */
  boolean writable();

  /** Bytes the connection holds that are not yet written to the socket. */
  long pending();

  /** Runs {@code task} where frames are handed to the connection (its event loop). */
  void execute(Runnable task);

  /** Calls {@code listener} whenever the connection can take frames again. */
  void onWritable(Runnable listener);

  /** A connection that takes everything at once and holds nothing (tests without Netty). */
  Transport UNBOUNDED =
      new Transport() {
        @Override
        public boolean writable() {
          return true;
        }

        @Override
        public long pending() {
          return 0;
        }

        @Override
        public void execute(Runnable task) {
          task.run();
        }

        @Override
        public void onWritable(Runnable listener) {}
      };

  /** The Netty connection of a WebSocket session. */
  static Transport of(Connection connection) {
    Channel channel = connection.channel();
    return new Transport() {
      @Override
      public boolean writable() {
        return channel.isWritable();
      }

      @Override
      public long pending() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
      }

      @Override
      public void execute(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
          task.run();
          return;
        }
        try {
          channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
          // The event loop is shutting down with the server: nothing more will be written.
        }
      }

      @Override
      public void onWritable(Runnable listener) {
        connection.addHandlerFirst(
            "keeplive.writable",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                  listener.run();
                }
                ctx.fireChannelWritabilityChanged();
              }
            });
      }
    };
  }
}
