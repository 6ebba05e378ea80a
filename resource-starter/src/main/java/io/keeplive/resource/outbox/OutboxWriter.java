package io.keeplive.resource.outbox;

import io.keeplive.resource.store.Sql;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Appends the notifications of a write to the outbox, inside the caller's transaction: either as
 * part of the write's one row-changing statement ({@link #prefix}) or as a statement of its own
 * after all row changes ({@link #append}). Replaceable as a bean (a benchmark swaps in a no-op to
 * measure the write path without the outbox).
 */
public interface OutboxWriter {

  /**
   * Appends {@code entries} (all of {@code tenant}) in the transaction carried by the subscriber
   * context. Emits nothing and completes when the rows are written.
   */
  Mono<Void> append(String tenant, List<OutboxEntry> entries);

  /**
   * Starts {@code sql}, still empty, with a {@code WITH} clause that appends {@code entries} (all
   * of {@code tenant}) when the statement the caller writes after it runs, in the caller's
   * transaction; the caller's statement must be a single {@code INSERT}, {@code UPDATE} or {@code
   * DELETE} (or a {@code SELECT}) that may not define CTEs of its own. If that statement fails,
   * nothing is appended. Returns whether it did so; {@code false} (the default) means nothing was
   * written into {@code sql} and the caller appends with {@link #append} instead.
   */
  default boolean prefix(Sql sql, String tenant, List<OutboxEntry> entries) {
    return false;
  }

  /**
   * The highest position drawn by the appends of the caller's transaction (SPEC §4.1), to be called
   * after at least one append in it; empty when this writer draws no positions.
   */
  default Mono<Long> lastPosition() {
    return Mono.empty();
  }
}
