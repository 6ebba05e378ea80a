/**
 * Writes of declared resources. {@link io.keeplive.resource.write.Writes} runs every action in one
 * R2DBC transaction: lock the visible target rows, check the write policy on the old row and {@code
 * If-Match}, write only what changed and append the outbox entries (topics from the old and the new
 * values) with the last row change, in the same statement (bulk updates: in a statement of its own
 * after all row changes). Creates may carry an {@code Idempotency-Key} ({@code
 * internal.Idempotency}).
 *
 * <p>Invariants: a refused or failed write rolls back whole (row, idempotency key and outbox rows
 * alike); a row the actor cannot read is a 404 for writes too; one outbox row per changed record; a
 * no-op update writes nothing and notifies nobody.
 *
 * <p>Failures and commits are reported to a {@link io.keeplive.resource.write.WriteListener}
 * (metrics). Depends on {@code declaration}, {@code policy}, {@code read}, {@code store}, {@code
 * outbox}, {@code problem}.
 */
package io.keeplive.resource.write;
