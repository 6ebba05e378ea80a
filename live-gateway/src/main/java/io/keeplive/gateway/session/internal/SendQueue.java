package io.keeplive.gateway.session.internal;

import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.Mode;
import io.keeplive.gateway.protocol.ServerMessages;
import io.keeplive.gateway.refetch.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bounded outgoing queue of one session, and the per-subscription view state behind {@code seq}
 * and resync (SPEC §4 guarantee 4).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>{@code seq} is assigned when a message leaves the queue ({@link #poll}), never when it is
 *       queued, so dropping queued messages can never leave a gap.
 *   <li>{@link Stream#view} is what the client will see once everything queued for the subscription
 *       has been written. A queued {@code result} renders the view <em>at the time it is
 *       written</em>; while one is queued, further changes are absorbed into it instead of being
 *       queued behind it.
 *   <li>When the queue exceeds its bound, the pending messages of the offending subscription (then,
 *       if needed, of every subscription) are dropped and replaced by one queued {@code result}:
 *       the client's view stays exact. Only when the queue still exceeds the bound after that does
 *       {@link #publish} report {@link Outcome#SLOW_CONSUMER}.
 * </ul>
 *
 * <p>Not thread-safe: the owning session calls it under its own lock.
 */
public final class SendQueue {

  /** Observes what the queue does (metrics). */
  public interface Events {
    default void pushed(String type) {}

    default void dropped(int messages) {}

    default void resynced() {}

    default void delivered(Duration commitToPush) {}
  }

  /** The queue-side state of one subscription. */
  public static final class Stream {
    private final String id;
    private final Mode mode;
    private long seq;
    private Rows view;
    private Rows sent;
    private boolean resultPending;
    private boolean ended;
    private Instant cause;

    public Stream(String id, Mode mode) {
      this.id = id;
      this.mode = mode;
    }

    public String id() {
      return id;
    }

    public Mode mode() {
      return mode;
    }

    /** The client's view once the queue is written; {@code null} before the first result. */
    public Rows view() {
      return view;
    }

    public long seq() {
      return seq;
    }

    public boolean ended() {
      return ended;
    }
  }

  /** What {@link #publish} asks of the session. */
  public enum Outcome {
    OK,
    /** Even after resyncing everything the queue is over its bound: close with 4408. */
    SLOW_CONSUMER
  }

  /** A frame to write, or the instruction to close. */
  public sealed interface Polled {
    record Text(String frame) implements Polled {}

    record Close(CloseCode code) implements Polled {}
  }

  private sealed interface Entry {}

  private record Frame(String text) implements Entry {}

  private record Result(Stream stream) implements Entry {}

  private record Row(Stream stream, String type, String rowJson) implements Entry {}

  private record Notice(Stream stream, ErrorCode error, String message) implements Entry {}

  private record Close(CloseCode code) implements Entry {}

  private final Deque<Entry> queue = new ArrayDeque<>();
  private final int bound;
  private final Events events;
  private boolean closing;

  public SendQueue(int bound, Events events) {
    this.bound = Math.max(1, bound);
    this.events = events;
  }

  public int size() {
    return queue.size();
  }

  public boolean closing() {
    return closing;
  }

  /** A frame that concerns no subscription (auth_ok, pong, errors without id). */
  public Outcome control(String frame) {
    if (closing) {
      return Outcome.OK;
    }
    queue.add(new Frame(frame));
    return queue.size() > bound && !resyncAll() ? Outcome.SLOW_CONSUMER : Outcome.OK;
  }

  /**
   * A fresh authorized result for {@code stream}. Refetch mode queues a {@code result} when the
   * rows differ from the view; stream mode queues the first {@code result}, then the row changes.
   */
  public Outcome publish(Stream stream, Rows rows, Instant cause) {
    if (closing || stream.ended) {
      return Outcome.OK;
    }
    if (stream.view != null && stream.view.sameAs(rows)) {
      return Outcome.OK;
    }
    if (cause != null && (stream.cause == null || cause.isBefore(stream.cause))) {
      stream.cause = cause;
    }
    Rows before = stream.view;
    stream.view = rows;
    if (stream.resultPending) {
      return Outcome.OK;
    }
    if (stream.mode == Mode.REFETCH || before == null) {
      queue.add(new Result(stream));
      stream.resultPending = true;
    } else {
      queueChanges(stream, before, rows);
    }
    if (queue.size() <= bound) {
      return Outcome.OK;
    }
    resync(stream);
    return queue.size() <= bound || resyncAll() ? Outcome.OK : Outcome.SLOW_CONSUMER;
  }

  private void queueChanges(Stream stream, Rows before, Rows after) {
    Map<String, String> old = before.byId();
    Map<String, String> now = after.byId();
    for (String id : old.keySet()) {
      if (!now.containsKey(id)) {
        queue.add(new Row(stream, "delete", ServerMessages.deletedRow(id)));
      }
    }
    for (Rows.Row row : after.rows()) {
      String previous = old.get(row.id());
      if (previous == null) {
        queue.add(new Row(stream, "insert", row.json()));
      } else if (!previous.equals(row.json())) {
        queue.add(new Row(stream, "update", row.json()));
      }
    }
  }

  /** Replaces everything queued for {@code stream} by one {@code result} of its current view. */
  private void resync(Stream stream) {
    int dropped = 0;
    boolean hadResult = false;
    for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry instanceof Row row && row.stream == stream) {
        it.remove();
        dropped++;
      } else if (entry instanceof Result result && result.stream == stream) {
        it.remove();
        hadResult = true;
      }
    }
    if (dropped == 0 && hadResult) {
      queue.add(new Result(stream));
      return;
    }
    if (dropped > 0) {
      events.dropped(dropped);
    }
    events.resynced();
    queue.add(new Result(stream));
    stream.resultPending = true;
  }

  /** Resyncs every subscription with row messages queued; returns whether that was enough. */
  private boolean resyncAll() {
    Set<Stream> streams = new LinkedHashSet<>();
    for (Entry entry : queue) {
      if (entry instanceof Row row) {
        streams.add(row.stream);
      }
    }
    for (Stream stream : streams) {
      resync(stream);
    }
    return queue.size() <= bound;
  }

  /** Ends a subscription: drops what is queued for it and queues {@code complete}. */
  public void complete(Stream stream) {
    end(stream, null, null);
  }

  /** Ends a subscription with an {@code error} carrying its id. */
  public void fail(Stream stream, ErrorCode code, String message) {
    end(stream, code, message);
  }

  /** An {@code error} about a subscription that stays active (e.g. a duplicate subscribe id). */
  public void notice(Stream stream, ErrorCode code, String message) {
    if (!closing) {
      queue.add(new Notice(stream, code, message));
    }
  }

  private void end(Stream stream, ErrorCode code, String message) {
    if (closing || stream.ended) {
      return;
    }
    stream.ended = true;
    queue.removeIf(
        entry ->
            (entry instanceof Row row && row.stream == stream)
                || (entry instanceof Result result && result.stream == stream));
    queue.add(new Notice(stream, code, message));
  }

  /** Writes what is queued, then closes with {@code code}; nothing queued after it is written. */
  public void closeAfterPending(CloseCode code) {
    if (!closing) {
      queue.add(new Close(code));
      closing = true;
    }
  }

  /** The next frame to write, with its {@code seq} assigned now; {@code null} when empty. */
  public Polled poll(Instant now) {
    Entry entry;
    while ((entry = queue.poll()) != null) {
      Polled polled = render(entry, now);
      if (polled != null) {
        return polled;
      }
    }
    return null;
  }

  private Polled render(Entry entry, Instant now) {
    if (entry instanceof Frame frame) {
      return new Polled.Text(frame.text);
    }
    if (entry instanceof Close close) {
      return new Polled.Close(close.code);
    }
    if (entry instanceof Notice notice) {
      long seq = ++notice.stream.seq;
      return new Polled.Text(
          notice.error == null
              ? ServerMessages.complete(notice.stream.id, seq)
              : ServerMessages.error(notice.stream.id, seq, notice.error, notice.message));
    }
    if (entry instanceof Result result) {
      Stream stream = result.stream;
      stream.resultPending = false;
      if (stream.ended || (stream.mode == Mode.REFETCH && stream.view.sameAs(stream.sent))) {
        return null;
      }
      stream.sent = stream.view;
      return push(
          stream,
          "result",
          ServerMessages.result(stream.id, ++stream.seq, stream.view.json()),
          now);
    }
    Row row = (Row) entry;
    if (row.stream.ended) {
      return null;
    }
    return push(
        row.stream,
        row.type,
        ServerMessages.row(row.type, row.stream.id, ++row.stream.seq, row.rowJson),
        now);
  }

  private Polled push(Stream stream, String type, String frame, Instant now) {
    events.pushed(type);
    if (stream.cause != null) {
      events.delivered(Duration.between(stream.cause, now));
      stream.cause = null;
    }
    return new Polled.Text(frame);
  }
}
