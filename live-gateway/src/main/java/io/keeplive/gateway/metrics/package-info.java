/**
 * Observability of the gateway: the {@link io.keeplive.gateway.metrics.GatewayListener} callbacks
 * every feature reports through (no-op defaults), and their Micrometer implementation with the
 * metric names of docs/architecture.md, listed once in {@link
 * io.keeplive.gateway.metrics.GatewayMetric}.
 *
 * <p>Tags are closed sets (mode, outcome, kind, type); tenants, users and ids never become tags.
 * Kafka client metrics ({@code kafka_consumer_fetch_manager_records_lag}) are bound by the
 * notifications feature to the same registry. Depends on protocol (for {@code Mode}) only.
 */
package io.keeplive.gateway.metrics;
