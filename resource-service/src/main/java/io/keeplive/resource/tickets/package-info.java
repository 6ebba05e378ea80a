/**
 * The {@code tickets} reference resource (SPEC §2): one declaration, {@link
 * io.keeplive.resource.tickets.Tickets}, and its table in {@code V3__tickets.sql}. Routes,
 * validation, policies in SQL, outbox topics and subscription topics are all derived from it.
 *
 * <p>Depends on {@code declaration} only.
 */
package io.keeplive.resource.tickets;
