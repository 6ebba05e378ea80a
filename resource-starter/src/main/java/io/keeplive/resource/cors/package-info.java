/**
 * Cross-origin access for browser clients that are served from another origin than the REST API —
 * in the embedded stack, the demo page on the gateway (:8080) writing to resource-service (:8081).
 *
 * <p>Off unless {@code keeplive.cors.allowed-origins} lists origins. The filter runs before bearer
 * authentication, because a browser's preflight {@code OPTIONS} request carries no token; the
 * preflight only reveals which methods and headers are allowed, and every real request is still
 * authenticated. Credentials (cookies) are never allowed: the API authenticates with bearer tokens
 * only.
 *
 * <p>Depends on Spring WebFlux only.
 */
package io.keeplive.resource.cors;
