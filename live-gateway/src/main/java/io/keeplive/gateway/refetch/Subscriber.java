package io.keeplive.gateway.refetch;

import io.keeplive.gateway.protocol.ErrorCode;
import java.time.Instant;

/**
 * A member of a cohort: one live subscription of one session. Implemented by the session; the
 * registry calls it from refetch threads, so every method must be quick and must not block.
 */
public interface Subscriber {

  /** The token to refetch with (the session's current one), or {@code null} when it has none. */
  String token();

  /** When {@link #token()} expires; the registry prefers the member whose token lives longest. */
  Instant tokenExpiresAt();

  /**
   * A fresh authorized result for this subscription's cohort.
   *
   * @param cause commit time of the earliest notification folded into this refetch, or {@code null}
   *     when the refetch was not caused by a notification (e.g. the initial fetch)
   * @param at the tenant position the rows reflect (SPEC §4.1): every write of the tenant up to it
   */
  void deliver(Rows rows, Instant cause, long at);

  /**
   * {@link #deliver(Rows, Instant, long)} with the cohort's row changes from its previous result to
   * {@code rows}, shared by every member (null for a first result, or a late joiner's copy of the
   * last one). A member may use them only if its view is that previous result ({@link
   * RowChanges#startFrom}).
   */
  default void deliver(Rows rows, RowChanges changes, Instant cause, long at) {
    deliver(rows, cause, at);
  }

  /** resource-service refused to refetch as this subscriber (e.g. its token is no longer valid). */
  void refused(ErrorCode code, String detail);
}
