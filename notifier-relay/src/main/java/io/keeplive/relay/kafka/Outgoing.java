package io.keeplive.relay.kafka;

import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.ResourceChanged;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification as it goes to Kafka: what the key and the headers need, plus the encoded event.
 *
 * <p>Normally {@code value} is the outbox row's {@code payload}, encoded by resource-service in the
 * writing transaction, and the relay only forwards it; {@link #of(ResourceChanged)} encodes here
 * for rows without one (written before the payload column existed).
 *
 * @param id the outbox row id, also the CloudEvents id ({@code ce_id} header)
 * @param tenant the Kafka record key
 * @param eventType the CloudEvents type ({@code ce_type} header)
 * @param traceparent W3C trace context of the writing request, or {@code null}
 * @param occurredAt the row's {@code occurred_at}, for the commit → acknowledgement latency
 * @param value the CloudEvents JSON value ({@link NotificationCodec#encode})
 */
public record Outgoing(
    UUID id,
    String tenant,
    String eventType,
    String traceparent,
    Instant occurredAt,
    byte[] value) {

  public Outgoing {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(value, "value");
  }

  /** Encodes {@code event} here: for outbox rows that carry no payload. */
  public static Outgoing of(ResourceChanged event) {
    return new Outgoing(
        event.id(),
        event.tenant(),
        event.eventType(),
        event.traceparent(),
        event.occurredAt(),
        NotificationCodec.encode(event));
  }
}
