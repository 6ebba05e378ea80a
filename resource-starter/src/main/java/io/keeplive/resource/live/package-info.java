/**
 * The live API the gateway refetches through ({@code POST /api/live/plan}, {@code POST
 * /api/live/query}; contract in docs/architecture.md).
 *
 * <p>Plan: validates a subscription exactly like a REST list query, derives its topics from the
 * declaration's publications ({@link io.keeplive.resource.live.SubscriptionTopics}, narrowest
 * provably sufficient set) and the {@link io.keeplive.resource.live.Cohort} of the actor's policy
 * inputs.
 *
 * <p>A record the actor cannot see is planned exactly like a missing one.
 *
 * <p>Query: verifies every distinct actor token once (a bad one yields an {@code error} entry at
 * its index, never a failure of the batch; a repeated one is answered {@code same_as} its first
 * entry) and answers all valid actors with one SQL statement; rows use the same JSON as REST.
 *
 * <p>Door and bounds: {@link io.keeplive.resource.live.ServiceCredentialFilter} admits only callers
 * with the gateways' service credential; {@link io.keeplive.resource.live.LiveApiProperties} bounds
 * distinct actors, changed ids and the answer's bytes per call; {@link
 * io.keeplive.resource.live.LiveFailures} counts and logs (rate-limited) every failure by reason.
 *
 * <p>Invariant: tenant and policy inputs come only from tokens. Depends on {@code read}, {@code
 * rest} (JSON bodies), {@code identity}, {@code declaration}, {@code problem}.
 */
package io.keeplive.resource.live;
