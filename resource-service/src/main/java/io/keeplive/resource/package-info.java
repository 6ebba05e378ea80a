/**
 * The system of record of Keeplive's helpdesk, and the packages of the resource layer.
 *
 * <p>The generic layer lives in the resource starter (module resource-starter, same packages):
 * resources are declared once ({@code declaration}); everything else is derived from those
 * declarations: REST routes and input validation ({@code rest}), policy-checked reads whose read
 * policy is a SQL {@code WHERE} clause ({@code policy}, {@code read}), writes that commit the row
 * change and its outbox rows in one R2DBC transaction ({@code write}, {@code outbox}), and the live
 * API the gateway refetches through ({@code live}), all auto-configured by {@code
 * KeepliveResourceAutoConfiguration}. This module (resource-service) is one application on it: the
 * helpdesk resources in {@code tickets} and {@code conversations}, declared as beans by {@code
 * ResourceServiceApplication}, which uses only the starter's public API ({@code
 * StarterBoundaryTest}).
 *
 * <p>Concurrency model: WebFlux on Reactor Netty; nothing blocks an event loop. All database work
 * goes through one R2DBC pool; every write is one transaction.
 *
 * <p>Allowed dependencies: shared-contracts and the starter only (no other service module). The app
 * scans no package: it can share a JVM and classpath with the other services.
 */
package io.keeplive.resource;
