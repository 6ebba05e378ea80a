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
 * <p>Failures: a failed read (broker away, metadata, a position that cannot be resolved) is retried
 * with backoff on the same thread, which never ends before shutdown; positions do not move, so
 * nothing is skipped. Readiness reports the consumer out of service while it is not positioned and
 * once reading has failed for 10 s. Notifications can still be lost to an instance in two ways, and
 * both end in reading every view afresh ({@code NotificationSink.skipped}, i.e. {@code
 * CohortRegistry.refetchAll}) once the new positions are fixed: Kafka deleted records before they
 * were read (the consumer runs with {@code auto.offset.reset=none}, so this surfaces as an
 * exception instead of a silent jump to the end), or sessions were accepted before the first
 * positions were fixed (the startup wait ran out). Each is counted ({@code
 * keeplive_gateway_notifications_consumer_errors_total}, {@code kind} {@code failure} or {@code
 * gap}); {@code NotificationConsumerTest} makes both happen on a real broker.
 *
 * <p>Depends on refetch (the registry), metrics (the listener) and the notification codec of
 * shared-contracts.
 */
package io.keeplive.gateway.notifications;
