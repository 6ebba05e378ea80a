/**
 * The live gateway: WebSocket {@code keeplive.v1} sessions kept up to date by policy-checked
 * refetches.
 *
 * <p>Path of a change: Kafka notification ({@code notifications}) → cohorts listening to its topics
 * ({@code refetch}) → coalesced, batched refetch through resource-service's live API as the
 * cohort's users → per-subscription diff, seq and bounded send queue ({@code session}) → client.
 * Wire format in {@code protocol}; tokens in {@code identity}; metrics in {@code metrics}; the
 * actuator view in {@code debug}.
 *
 * <p>The gateway holds no data of its own: everything a client sees was just fetched as that
 * client's user (or a user of the same policy cohort). Its state is per connection, so any instance
 * can serve any reconnecting client. This package holds the application class and the typed
 * configuration ({@link io.keeplive.gateway.GatewayProperties}).
 */
package io.keeplive.gateway;
