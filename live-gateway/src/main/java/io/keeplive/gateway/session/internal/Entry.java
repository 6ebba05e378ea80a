package io.keeplive.gateway.session.internal;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.Mode;
import io.keeplive.gateway.protocol.RowFrame;
import io.keeplive.gateway.protocol.ServerMessages;
import io.keeplive.gateway.refetch.RowChanges;
import io.keeplive.gateway.refetch.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a {@link SendQueue} holds: rendered frames, and messages rendered when written. */
sealed interface Entry {

  record Frame(String text) implements Entry {}

  record Result(SubscriptionStream stream) implements Entry {}

  /** A stream-mode row change, its shared parts encoded once per cohort result. */
  record Row(SubscriptionStream stream, RowChanges.Change change) implements Entry {}

  record Notice(SubscriptionStream stream, ErrorCode error, String message) implements Entry {}

  record Close(CloseCode code) implements Entry {}

  record Ping() implements Entry {}

  /**
   * Bytes of a message around its payload: WebSocket header, type, seq and the JSON punctuation;
   * ids and messages count six bytes per character (the longest JSON escape). An overestimate, so
   * that what is counted while queued is never less than what is written.
   */
  int ENVELOPE_BYTES = 128;

  /** Bytes of a WebSocket ping as counted. */
  int PING_BYTES = 2;

  /**
   * The stream-mode messages from {@code before} to {@code after}: the cohort's shared {@code
   * changes} when they start from {@code before} itself, else this stream's own diff.
   */
  static List<Row> changes(
      SubscriptionStream stream, Rows before, Rows after, RowChanges changes, long at) {
    List<RowChanges.Change> list =
        changes != null && changes.startFrom(before)
            ? changes.list()
            : RowChanges.between(before, after, at);
    List<Row> rows = new ArrayList<>(list.size());
    for (RowChanges.Change change : list) {
      rows.add(new Row(stream, change));
    }
    return rows;
  }

  /** What an entry counts while queued; a {@code result} counts through its stream. */
  static long size(Entry entry) {
    if (entry instanceof Frame frame) {
      return ServerMessages.utf8Length(frame.text);
    }
    if (entry instanceof Row row) {
      return ENVELOPE_BYTES + 6L * row.stream.id.length() + row.change.rowBytes();
    }
    if (entry instanceof Notice notice) {
      return ENVELOPE_BYTES
          + 6L * notice.stream.id.length()
          + (notice.message == null ? 0 : 6L * ServerMessages.utf8Length(notice.message));
    }
    if (entry instanceof Result result) {
      return result.stream.resultBytes;
    }
    return entry instanceof Ping ? PING_BYTES : 0;
  }

  /**
   * What a dequeued entry is written as, with its {@code seq} assigned now; {@code null} for a
   * message that became moot while queued (its subscription ended, or the view is what was sent).
   */
  static Polled render(Entry entry, Instant now, GatewayListener events) {
    if (entry instanceof Entry.Frame frame) {
      return new Polled.Text(frame.text);
    }
    if (entry instanceof Entry.Close close) {
      return new Polled.Close(close.code);
    }
    if (entry instanceof Entry.Ping) {
      return new Polled.Ping();
    }
    if (entry instanceof Entry.Notice notice) {
      long seq = ++notice.stream.seq;
      return new Polled.Text(
          notice.error == null
              ? ServerMessages.complete(notice.stream.id, seq)
              : ServerMessages.error(notice.stream.id, seq, notice.error, notice.message));
    }
    if (entry instanceof Entry.Result result) {
      SubscriptionStream stream = result.stream;
      stream.resultPending = false;
      stream.resultBytes = 0;
      if (stream.ended || (stream.mode == Mode.REFETCH && stream.view.sameAs(stream.sent))) {
        return null;
      }
      stream.sent = stream.view;
      String resume = stream.resumeEtag;
      stream.resumeEtag = null;
      ServerMessages.Page page = page(stream.view);
      return push(
          stream,
          "result",
          new Polled.Text(
              resume != null && resume.equals(page.etag())
                  ? ServerMessages.unchanged(stream.id, ++stream.seq, page, stream.viewAt)
                  : ServerMessages.result(
                      stream.id, ++stream.seq, stream.view.json(), page, stream.viewAt)),
          now,
          events);
    }
    Entry.Row row = (Entry.Row) entry;
    if (row.stream.ended) {
      return null;
    }
    RowChanges.Change change = row.change;
    return push(
        row.stream,
        change.type(),
        new Polled.Encoded(
            new RowFrame(change.type(), row.stream.quotedId(), ++row.stream.seq, change.tail())),
        now,
        events);
  }

  static ServerMessages.Page page(Rows view) {
    return new ServerMessages.Page(view.hasMore(), view.next(), view.etag());
  }

  /** What a result's page fields may take beyond {@link #ENVELOPE_BYTES}: names, etag, cursor. */
  static long pageBytes(Rows view) {
    return 64 + (view.next() == null ? 0 : ServerMessages.utf8Length(view.next()));
  }

  private static Polled push(
      SubscriptionStream stream, String type, Polled frame, Instant now, GatewayListener events) {
    events.pushed(type);
    if (stream.cause != null) {
      events.delivered(Duration.between(stream.cause, now));
      stream.cause = null;
    }
    return frame;
  }
}
