package io.keeplive.contracts.notification;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A committed change to one record: the event behind every Kafka notification. It carries ids and
 * topic names, never row contents, so nothing in it may be forwarded to a client.
 *
 * @param id the outbox row id; duplicates after a relay crash carry the same id
 * @param tenant the tenant of the change (also the Kafka record key)
 * @param resource resource name, e.g. {@code tickets}
 * @param action action name, e.g. {@code update} or {@code assign}
 * @param actionType create, update or destroy
 * @param recordId primary key of the changed record
 * @param topics topics the change publishes to, computed from old and new values
 * @param actorId the user who made the change
 * @param changed names of the attributes the change touched
 * @param occurredAt commit-side timestamp of the write
 * @param traceparent W3C trace context of the writing request, or {@code null}
 * @param position the outbox position the write drew (SPEC §4.1): per tenant, larger positions
 *     committed later; {@link #NO_POSITION} when the producer did not say (an envelope written
 *     before positions travelled), which consumers must not take as progress
 */
public record ResourceChanged(
    UUID id,
    String tenant,
    String resource,
    String action,
    ActionType actionType,
    String recordId,
    List<String> topics,
    String actorId,
    List<String> changed,
    Instant occurredAt,
    String traceparent,
    long position) {

  /** Positions are drawn from a sequence that starts at 1: 0 means "not known". */
  public static final long NO_POSITION = 0;

  public ResourceChanged {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actionType, "actionType");
    Objects.requireNonNull(recordId, "recordId");
    topics = List.copyOf(topics);
    changed = changed == null ? List.of() : List.copyOf(changed);
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (position < 0) {
      throw new IllegalArgumentException("position " + position + " is negative");
    }
  }

  /** Whether the producer said which position the write drew. */
  public boolean hasPosition() {
    return position != NO_POSITION;
  }

  /** CloudEvents {@code type}: {@code keeplive.<resource>.<action>}. */
  public String eventType() {
    return "keeplive." + resource + "." + action;
  }
}
