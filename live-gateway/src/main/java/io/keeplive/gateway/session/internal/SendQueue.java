package io.keeplive.gateway.session.internal;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.Mode;
import io.keeplive.gateway.refetch.RowChanges;
import io.keeplive.gateway.refetch.Rows;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The outgoing queue of one session, bounded in bytes, and the per-subscription view state behind
 * {@code seq} and resync (SPEC §4 guarantee 4).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>{@code seq} is assigned when a message leaves the queue ({@link #poll}), never when it is
 *       queued, so dropping queued messages can never leave a gap.
 *   <li>{@link SubscriptionStream#view} is what the client will see once everything queued for the
 *       subscription has been written. A queued {@code result} renders the view <em>at the time it
 *       is written</em>; while one is queued, further changes are absorbed into it instead of being
 *       queued behind it.
 *   <li>Every entry counts the UTF-8 bytes it will be written as ; a queued {@code result} counts
 *       its current view. Together with what the connection still holds ({@code written}, given at
 *       construction) that is the session's unsent output, and it never stays above {@code
 *       maxBytes}: when an entry would take it there, the pending messages of the offending
 *       subscription (then, if needed, of every subscription) are dropped and replaced by one
 *       queued {@code result} — a refetch-mode subscription keeps only its latest result anyway —
 *       so the client's view stays exact. When even that does not fit, everything queued is dropped
 *       and the queue answers {@link Outcome#SLOW_CONSUMER} (close 4408).
 *   <li>Control frames and errors count against the same bound: a client that floods requests
 *       without reading the answers is a slow consumer too.
 * </ul>
 *
 * <p>Not thread-safe: the owning session calls it under its own lock.
 */
public final class SendQueue {

  /** What queueing asks of the session. */
  public enum Outcome {
    OK,
    /**
     * The bound was reached and subscriptions were collapsed or resynced to stay under it: the
     * client must read within the write timeout.
     */
    PRESSED,
    /** Even after resyncing everything the output is over its bound: close with 4408. */
    SLOW_CONSUMER
  }

  private final Deque<Entry> queue = new ArrayDeque<>();
  private final long maxBytes;
  private final LongSupplier written;
  private final GatewayListener events;
  private long bytes;
  private long highWater;
  private boolean closing;

  /**
   * @param maxBytes the bound of the session's unsent output
   * @param written bytes the connection holds that left this queue but are not yet written to the
   *     socket; they count against the same bound
   */
  public SendQueue(long maxBytes, LongSupplier written, GatewayListener events) {
    this.maxBytes = Math.max(1, maxBytes);
    this.written = written;
    this.events = events;
  }

  public int size() {
    return queue.size();
  }

  /** The session's unsent output: what is queued plus what the connection still holds. */
  public long unsent() {
    return bytes + written.getAsLong();
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The most {@link #unsent()} ever was once a change had settled (a bound test reads this). */
  public long highWater() {
    return highWater;
  }

  private Outcome track(Outcome outcome) {
    highWater = Math.max(highWater, unsent());
    return outcome;
  }

  private boolean over() {
    return unsent() > maxBytes;
  }

  public boolean closing() {
    return closing;
  }

  /** A frame that concerns no subscription (auth_ok, pong, errors without id). */
  public Outcome control(String frame) {
    if (closing) {
      return Outcome.OK;
    }
    add(new Entry.Frame(frame));
    return track(settle());
  }

  /**
   * Queues a WebSocket ping ahead of everything queued: it is only there to find out whether the
   * client still reads at all, so it waits behind nothing but what the connection already holds.
   */
  public void ping() {
    if (!closing) {
      queue.addFirst(new Entry.Ping());
      bytes += Entry.PING_BYTES;
    }
  }

  /**
   * After queueing: within the bound, fine; over it, resync every stream with row messages queued;
   * still over it, give up (everything queued is dropped, the session must close).
   */
  private Outcome settle() {
    if (!over()) {
      return Outcome.OK;
    }
    if (resyncAll()) {
      return Outcome.PRESSED;
    }
    dropAll();
    return Outcome.SLOW_CONSUMER;
  }

  private void dropAll() {
    int dropped = 0;
    for (Entry entry : queue) {
      if (entry instanceof Entry.Row || entry instanceof Entry.Result) {
        dropped++;
      }
      if (entry instanceof Entry.Result result) {
        result.stream().resultPending = false;
      }
    }
    if (dropped > 0) {
      events.dropped(dropped);
    }
    queue.clear();
    bytes = 0;
    closing = true;
  }

  /**
   * A fresh authorized result for {@code stream}. Refetch mode queues a {@code result} when the
   * rows differ from the view; stream mode queues the first {@code result}, then the row changes.
   *
   * @param at the tenant position the rows reflect (SPEC §4.1)
   */
  public Outcome publish(SubscriptionStream stream, Rows rows, Instant cause, long at) {
    return publish(stream, rows, null, cause, at);
  }

  /**
   * {@link #publish(SubscriptionStream, Rows, Instant, long)} with the cohort's shared row changes
   * to {@code rows}: taken when the stream's view is the result they start from, else it diffs.
   */
  public Outcome publish(
      SubscriptionStream stream, Rows rows, RowChanges changes, Instant cause, long at) {
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
    stream.viewAt = at;
    if (stream.resultPending) {
      // The queued result renders the view when it is written: it now counts the new one.
      bytes += resultBytes(stream) - stream.resultBytes;
      stream.resultBytes = resultBytes(stream);
    } else if (stream.mode == Mode.REFETCH || before == null) {
      addResult(stream);
    } else {
      Entry.changes(stream, before, rows, changes, at).forEach(this::add);
    }
    if (!over()) {
      return track(Outcome.OK);
    }
    resync(stream);
    if (!over()) {
      return track(Outcome.PRESSED);
    }
    return track(settle());
  }

  private void add(Entry entry) {
    queue.add(entry);
    bytes += Entry.size(entry);
  }

  private void addResult(SubscriptionStream stream) {
    queue.add(new Entry.Result(stream));
    stream.resultPending = true;
    stream.resultBytes = resultBytes(stream);
    bytes += stream.resultBytes;
  }

  private static long resultBytes(SubscriptionStream stream) {
    return Entry.ENVELOPE_BYTES
        + 6L * stream.id.length()
        + stream.view.utf8Length()
        + Entry.pageBytes(stream.view);
  }

  private void remove(Entry entry) {
    bytes -= Entry.size(entry);
    if (entry instanceof Entry.Result result) {
      result.stream().resultPending = false;
      result.stream().resultBytes = 0;
    }
  }

  /**
   * Replaces everything queued for {@code stream} by one {@code result} of its current view, in the
   * place of the first message it replaces: never behind a frame queued after that message (a
   * {@code synced} must not overtake the data it confirms, SPEC §4.1).
   */
  private void resync(SubscriptionStream stream) {
    int dropped = 0;
    boolean hadResult = false;
    Entry.Result fresh = new Entry.Result(stream);
    Deque<Entry> kept = new ArrayDeque<>(queue.size());
    for (Entry entry : queue) {
      boolean row = entry instanceof Entry.Row r && r.stream() == stream;
      boolean result = entry instanceof Entry.Result r && r.stream() == stream;
      if (!row && !result) {
        kept.add(entry);
        continue;
      }
      if (dropped == 0 && !hadResult) {
        kept.add(fresh);
      }
      remove(entry);
      dropped += row ? 1 : 0;
      hadResult |= result;
    }
    if (dropped == 0 && !hadResult) {
      kept.add(fresh);
    }
    queue.clear();
    queue.addAll(kept);
    stream.resultPending = true;
    stream.resultBytes = resultBytes(stream);
    bytes += stream.resultBytes;
    if (dropped == 0 && hadResult) {
      // A refetch-mode subscription: its one queued result already is its latest view.
      return;
    }
    if (dropped > 0) {
      events.dropped(dropped);
    }
    events.resynced();
  }

  /** Resyncs every subscription with row messages queued; returns whether that was enough. */
  private boolean resyncAll() {
    Set<SubscriptionStream> streams = new LinkedHashSet<>();
    for (Entry entry : queue) {
      if (entry instanceof Entry.Row row) {
        streams.add(row.stream());
      }
    }
    for (SubscriptionStream stream : streams) {
      resync(stream);
    }
    return !over();
  }

  /** Ends a subscription: drops what is queued for it and queues {@code complete}. */
  public Outcome complete(SubscriptionStream stream) {
    return end(stream, null, null);
  }

  /** Ends a subscription with an {@code error} carrying its id. */
  public Outcome fail(SubscriptionStream stream, ErrorCode code, String message) {
    return end(stream, code, message);
  }

  /** An {@code error} about a subscription that stays active (e.g. a duplicate subscribe id). */
  public Outcome notice(SubscriptionStream stream, ErrorCode code, String message) {
    if (closing) {
      return Outcome.OK;
    }
    add(new Entry.Notice(stream, code, message));
    return track(settle());
  }

  private Outcome end(SubscriptionStream stream, ErrorCode code, String message) {
    if (closing || stream.ended) {
      return Outcome.OK;
    }
    stream.ended = true;
    for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if ((entry instanceof Entry.Row row && row.stream() == stream)
          || (entry instanceof Entry.Result result && result.stream() == stream)) {
        it.remove();
        remove(entry);
      }
    }
    add(new Entry.Notice(stream, code, message));
    return track(settle());
  }

  /** Writes what is queued, then closes with {@code code}; nothing queued after it is written. */
  public void closeAfterPending(CloseCode code) {
    if (!closing) {
      queue.add(new Entry.Close(code));
      closing = true;
    }
  }

  /** The next frame to write, with its {@code seq} assigned now; {@code null} when empty. */
  public Polled poll(Instant now) {
    Entry entry;
    while ((entry = queue.poll()) != null) {
      bytes -= Entry.size(entry);
      Polled polled = Entry.render(entry, now, events);
      if (polled != null) {
        return polled;
      }
    }
    return null;
  }
}
