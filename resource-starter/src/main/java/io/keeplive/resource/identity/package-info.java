/**
 * Who is calling. {@link io.keeplive.resource.identity.BearerAuthentication} verifies the bearer
 * token of every {@code /api/**} request with the shared {@code TokenVerifier} and stores the
 * {@code Identity} in the exchange; handlers read it with {@code BearerAuthentication.identity}.
 *
 * <p>Invariant: the tenant of every read and write comes from that identity only; no request body,
 * path or query parameter can name a tenant.
 *
 * <p>Lifecycle: {@link io.keeplive.resource.identity.IdentityConfiguration} refuses to create the
 * application context when the development secret is configured outside development mode.
 *
 * <p>Depends on shared-contracts identity and the {@code problem} package.
 */
package io.keeplive.resource.identity;
