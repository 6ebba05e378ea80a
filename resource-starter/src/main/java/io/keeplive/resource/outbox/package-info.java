/**
 * The transactional outbox writer. Every write appends one {@link
 * io.keeplive.resource.outbox.OutboxEntry} per changed record through {@link
 * io.keeplive.resource.outbox.OutboxWriter}, in the same R2DBC transaction as the row change — for
 * creates, updates and destroys in the same statement, as a {@code WITH} clause in front of it; for
 * bulk updates as one statement after all row changes — so a write that fails writes neither and a
 * tenant's positions commit in order.
 *
 * <p>The table and the ordering protocol are the contract with notifier-relay (V1__outbox.sql in
 * shared-contracts, docs/architecture.md). {@link io.keeplive.resource.outbox.PostgresOutboxWriter}
 * is the implementation; the interface exists so a benchmark can swap in a no-op.
 *
 * <p>Depends on {@code declaration}, {@code store} and shared-contracts {@code Notifications}.
 */
package io.keeplive.resource.outbox;
