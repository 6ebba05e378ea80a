/**
 * The Kafka side of the relay.
 *
 * <h2>Record layout</h2>
 *
 * Key = tenant id, so the default partitioner keeps one tenant on one partition and in order. Value
 * = {@link io.keeplive.contracts.notification.NotificationCodec#encode}: a CloudEvents 1.0 event in
 * structured mode, i.e. the whole envelope ({@code id} = outbox row id, {@code type}, {@code
 * subject} = record id, extension {@code tenantid}) in the value. Structured mode was chosen
 * because the gateway — and any future consumer — needs only the value and one decoder, and the
 * event survives tools that drop headers (mirroring, dead-letter copies). Headers: {@code
 * content-type: application/cloudevents+json; charset=UTF-8} (in the CloudEvents Kafka binding this
 * is what marks a structured-mode record), and {@code ce_id}, {@code ce_type}, {@code traceparent}
 * duplicated from the event so that routing, tracing and inspection can work without parsing JSON.
 * The value remains authoritative; the headers are a convenience copy.
 *
 * <h2>Delivery</h2>
 *
 * Idempotent producer, {@code acks=all}, at most five requests in flight: retries never reorder or
 * duplicate within one producer session. {@link io.keeplive.relay.kafka.KafkaPublisher#publish}
 * blocks until every record of the batch is acknowledged or failed; the caller deletes only the
 * acknowledged rows. After a failure the producer is closed and replaced.
 *
 * <h2>Topic</h2>
 *
 * {@link io.keeplive.relay.kafka.KafkaPublishing#ensureTopic} creates the topic with the configured
 * partitions and replication when it is missing and creation is on; otherwise it only checks, and
 * the lanes wait (reporting {@code kind=topic} errors) until the topic exists. Either way no row is
 * read before the topic exists.
 *
 * <h2>Concurrency</h2>
 *
 * One {@link io.keeplive.relay.kafka.KafkaPublisher} per lane, used by that lane's thread only;
 * {@link io.keeplive.relay.kafka.KafkaPublishing} is shared and thread-safe.
 *
 * <p>Depends on {@code observability} (it reports failures) and the Kafka client; knows nothing of
 * the outbox.
 */
package io.keeplive.relay.kafka;
