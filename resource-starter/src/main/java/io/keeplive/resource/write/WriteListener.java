package io.keeplive.resource.write;

import io.keeplive.resource.problem.ProblemCode;

/** Observes writes; metrics hook in here. Every method has a no-op default. */
public interface WriteListener {

  WriteListener NONE = new WriteListener() {};

  /** A write committed, changing {@code records} records (0 for a no-op update or a replay). */
  default void committed(String resource, String action, int records) {}

  /** A write was refused or failed; nothing was written. */
  default void refused(String resource, String action, ProblemCode code) {}

  /** A purge of expired idempotency keys deleted {@code rows} rows (0: nothing had expired). */
  default void idempotencyKeysPurged(long rows) {}

  /** A purge of expired idempotency keys failed; the next interval tries again. */
  default void idempotencyPurgeFailed() {}
}
