package io.keeplive.gateway.session.internal;

import io.keeplive.gateway.protocol.Mode;
import io.keeplive.gateway.protocol.RowFrame;
import io.keeplive.gateway.refetch.Rows;
import java.time.Instant;

/**
 * The queue-side state of one subscription: its {@code seq}, the view the client will have once the
 * queue is written, the view last sent, and whether a {@code result} is queued. Guarded, like the
 * {@link SendQueue} that changes it, by the owning session's lock.
 */
public final class SubscriptionStream {
  final String id;
  final Mode mode;
  long seq;
  Rows view;
  // The tenant position the view reflects (SPEC §4.1), sent as `at` with the result rendering it.
  long viewAt;
  Rows sent;
  boolean resultPending;
  // What the queued result counts in the queue's bytes (its view when last counted).
  long resultBytes;
  boolean ended;
  Instant cause;
  // The id as row frames carry it, encoded on the first row message.
  private byte[] quotedId;
  // The etag the client resubscribed with (SPEC §4.3), until the first result is written.
  String resumeEtag;

  public SubscriptionStream(String id, Mode mode) {
    this(id, mode, null);
  }

  /**
   * @param resumeEtag the etag of the client's last result of an identical subscription: a first
   *     result with the same etag is written as {@code unchanged}, without rows
   */
  public SubscriptionStream(String id, Mode mode, String resumeEtag) {
    this.id = id;
    this.mode = mode;
    this.resumeEtag = resumeEtag;
  }

  public String id() {
    return id;
  }

  public Mode mode() {
    return mode;
  }

  byte[] quotedId() {
    byte[] quoted = quotedId;
    if (quoted == null) {
      quoted = RowFrame.id(id);
      quotedId = quoted;
    }
    return quoted;
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
