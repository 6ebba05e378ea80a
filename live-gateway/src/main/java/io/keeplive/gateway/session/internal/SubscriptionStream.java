package io.keeplive.gateway.session.internal;

import io.keeplive.gateway.protocol.Mode;
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
  Rows sent;
  boolean resultPending;
  // What the queued result counts in the queue's bytes (its view when last counted).
  long resultBytes;
  boolean ended;
  Instant cause;

  public SubscriptionStream(String id, Mode mode) {
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
