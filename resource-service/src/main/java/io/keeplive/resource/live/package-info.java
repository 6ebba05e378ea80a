/**
 * The live API the gateway refetches through ({@code POST /api/live/plan}, {@code POST
 * /api/live/query}; contract in docs/architecture.md).
 *
 * <p>Plan: validates a subscription exactly like a REST list query, derives its topics from the
 * declaration's publications ({@link io.keeplive.resource.live.SubscriptionTopics}, narrowest
 * provably sufficient set) and the {@link io.keeplive.resource.live.Cohort} of the actor's policy
 * inputs.
 *
 * <p>Query: verifies every actor's own token (a bad one yields an {@code error} entry at its index,
 * never a failure of the batch) and answers all valid actors with one SQL statement; rows use the
 * same JSON as REST.
 *
 * <p>Invariant: tenant and policy inputs come only from tokens. Depends on {@code read}, {@code
 * rest} (JSON bodies), {@code identity}, {@code declaration}, {@code store} (row decoding and SQL
 * binders), {@code problem}.
 */
package io.keeplive.resource.live;
