package io.keeplive.resource.outbox;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Appends the notifications of a write to the outbox, inside the caller's transaction. Called as
 * the last step of every writing transaction, after all row changes. Replaceable as a bean (a
 * benchmark swaps in a no-op to measure the write path without the outbox).
 */
public interface OutboxWriter {

  /**
   * Appends {@code entries} (all of {@code tenant}) in the transaction carried by the subscriber
   * context. Emits nothing and completes when the rows are written.
   */
  Mono<Void> append(String tenant, List<OutboxEntry> entries);
}
