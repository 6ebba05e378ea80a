/**
 * Who a session is: token verification settings ({@code keeplive.jwt.*}), the development-mode
 * guard, and the development-only {@code POST /dev/token}.
 *
 * <p>Tokens are verified with {@code TokenVerifier.of(settings)} from shared-contracts, exactly as
 * in the other services; the gateway adds no claims of its own. The tenant of a session is the
 * {@code tenant} claim of its token and nothing else. The application refuses to start when the
 * secret is {@code JwtSettings.DEVELOPMENT_SECRET} and {@code keeplive.dev-mode} is off, so a
 * production deployment cannot accidentally accept tokens anyone can mint.
 *
 * <p>Depends only on shared-contracts and Spring; nothing else in the gateway is used here.
 */
package io.keeplive.gateway.identity;
