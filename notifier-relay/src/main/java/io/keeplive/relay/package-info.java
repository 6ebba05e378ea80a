/**
 * notifier-relay: moves committed outbox rows to Kafka — at least once, per tenant in commit order,
 * with any number of instances.
 *
 * <h2>Overview</h2>
 *
 * <ul>
 *   <li>{@link io.keeplive.relay.outbox} — the engine: shard ownership, reading and deleting outbox
 *       rows, wake-ups, lifecycle. Its package documentation holds the ordering argument.
 *   <li>{@link io.keeplive.relay.kafka} — the producer and the record layout (key, CloudEvents
 *       value, headers), topic provisioning.
 *   <li>{@link io.keeplive.relay.observability} — the failure/progress listener and the metrics
 *       that hook into it.
 * </ul>
 *
 * This package only wires them: {@link io.keeplive.relay.NotifierRelayApplication} (the in-JVM app
 * factory of docs/architecture.md), {@link io.keeplive.relay.RelayProperties} ({@code
 * keeplive.relay.*}) and the Spring configuration, which starts the relay after the context is up
 * and stops it (releasing its shards) before the context closes.
 *
 * <h2>Dependencies</h2>
 *
 * shared-contracts (codec, shard function, channel name), pgjdbc, kafka-clients, Micrometer and
 * Spring Boot for configuration, actuator and the HTTP port. No other Keeplive service module.
 */
package io.keeplive.relay;
