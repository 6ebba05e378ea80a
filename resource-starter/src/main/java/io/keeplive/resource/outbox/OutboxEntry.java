package io.keeplive.resource.outbox;

import io.keeplive.contracts.notification.ActionType;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification to commit with a write: everything the relay needs, no row contents.
 *
 * @param id unique id of the outbox row (the CloudEvents id)
 * @param tenant tenant of the change
 * @param resource resource name
 * @param action action name ({@code create}, {@code assign}, …)
 * @param actionType create, update or destroy
 * @param recordId id of the changed record
 * @param topics topics computed from the old and the new row
 * @param actorId the user who made the change
 * @param changed names of the attributes the change touched
 * @param traceparent W3C trace context of the writing request, or null
 */
public record OutboxEntry(
    UUID id,
    String tenant,
    String resource,
    String action,
    ActionType actionType,
    String recordId,
    List<String> topics,
    String actorId,
    List<String> changed,
    String traceparent) {

  public OutboxEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actionType, "actionType");
    Objects.requireNonNull(recordId, "recordId");
    topics = List.copyOf(topics);
    Objects.requireNonNull(actorId, "actorId");
    changed = List.copyOf(changed);
  }
}
