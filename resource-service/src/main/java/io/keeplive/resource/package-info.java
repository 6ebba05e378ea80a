/**
 * resource-service: the system of record of Keeplive.
 *
 * <p>Resources are declared once ({@code declaration}); everything else is derived from those
 * declarations by generic machinery: REST routes and input validation ({@code rest}),
 * policy-checked reads whose read policy is a SQL {@code WHERE} clause ({@code policy}, {@code
 * read}), writes that commit the row change and its outbox rows in one R2DBC transaction ({@code
 * write}, {@code outbox}), and the live API the gateway refetches through ({@code live}). The
 * reference resources live in {@code tickets} and {@code conversations}.
 *
 * <p>Concurrency model: WebFlux on Reactor Netty; nothing blocks an event loop. All database work
 * goes through one R2DBC pool; every write is one transaction.
 *
 * <p>Allowed dependencies: shared-contracts only (no other service module). The app scans only
 * {@code io.keeplive.resource}, so it can share a JVM and classpath with the other services.
 */
package io.keeplive.resource;
