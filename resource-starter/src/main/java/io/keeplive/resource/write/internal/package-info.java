/**
 * Hidden parts of the write path: what a write changes ({@code Changes}, pure), its row statements
 * ({@code RowStatements}), its outbox entries with topics over old and new rows ({@code
 * OutboxEntries}, {@code ChangeTopics}) and the {@code Idempotency-Key} protocol of creates ({@code
 * Idempotency}). Used only by {@code io.keeplive.resource.write}; all run inside the write's
 * transaction or on its values.
 */
package io.keeplive.resource.write.internal;
