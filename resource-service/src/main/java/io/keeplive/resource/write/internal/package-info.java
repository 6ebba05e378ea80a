/**
 * Hidden parts of the write path: topic expansion over old and new rows ({@code ChangeTopics}) and
 * the {@code Idempotency-Key} protocol of creates ({@code Idempotency}). Used only by {@code
 * io.keeplive.resource.write.Writes}; both run inside the write's transaction or on its values.
 */
package io.keeplive.resource.write.internal;
