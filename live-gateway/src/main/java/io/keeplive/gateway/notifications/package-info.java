/**
 * Kafka → cohort registry: the gateway's only input of changes.
 *
 * <p>One dedicated thread per gateway instance polls every partition of the notifications topic
 * (manual assignment, no consumer group, no commits: every instance must see every notification).
 * Each record is decoded with {@code NotificationCodec.decode} (total; malformed records are
 * counted and skipped) and matched by tenant and topics. Nothing of a notification's content is
 * ever sent to a client: it only decides which cohorts refetch.
 *
 * <p>Lifecycle: starts in phase 0, before the web server, and waits (bounded) until the partitions
 * are positioned at their end, so that a subscription registered after startup cannot miss a later
 * notification. The Micrometer Kafka client binder is bound to this consumer, which exports {@code
 * kafka_consumer_fetch_manager_records_lag} per partition.
 *
 * <p>Allowed dependencies: refetch (registry), metrics (listener), shared-contracts notification.
 */
package io.keeplive.gateway.notifications;
