/**
 * The engine's parts, hidden behind {@link io.keeplive.relay.outbox.OutboxRelay}: {@code Lane} (one
 * worker thread with its own session and shard locks), {@code ShardLocks} (advisory-lock ownership
 * and rebalancing), {@code OutboxRows} (the SQL), {@code NotifyListener} (LISTEN), {@code
 * BacklogSampler} (backlog gauges), {@code Wakeup} and {@code Worker} (thread plumbing). Nothing
 * outside {@code io.keeplive.relay.outbox} uses this package.
 */
package io.keeplive.relay.outbox.internal;
