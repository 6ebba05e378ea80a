package io.keeplive.resource.write.internal;

import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.outbox.OutboxEntry;
import io.keeplive.resource.write.WriteRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The outbox entry of one changed record: who did what, and the topics of old and new values. */
public final class OutboxEntries {

  /** Changed on every write, so they tell a subscriber nothing; left out of {@code changed}. */
  private static final List<String> BOOKKEEPING =
      List.of(ResourceDeclaration.VERSION, ResourceDeclaration.UPDATED_AT);

  private OutboxEntries() {}

  /**
   * @param before the old row (null for a create)
   * @param after the new row (null for a destroy)
   * @param changed the attributes the write changed
   */
  /**
   * The outbox row of a write that changed nothing (a no-op update, a bulk update of rows already
   * so): it publishes to no topic, so nobody refetches, but it draws the write a position that the
   * gateways consume like any other, so a {@code sync} on it completes (SPEC §4.1).
   */
  public static OutboxEntry unchanged(WriteRequest request, Object id) {
    return new OutboxEntry(
        UUID.randomUUID(),
        request.actor().tenant(),
        request.resource().name(),
        request.action().name(),
        request.action().type(),
        id.toString(),
        List.of(),
        request.actor().user(),
        List.of(),
        request.traceparent().orElse(null));
  }

  public static OutboxEntry of(
      WriteRequest request,
      Object id,
      Map<String, Object> before,
      Map<String, Object> after,
      List<String> changed) {
    return new OutboxEntry(
        UUID.randomUUID(),
        request.actor().tenant(),
        request.resource().name(),
        request.action().name(),
        request.action().type(),
        id.toString(),
        ChangeTopics.of(request.resource(), before, after),
        request.actor().user(),
        changed.stream().filter(name -> !BOOKKEEPING.contains(name)).toList(),
        request.traceparent().orElse(null));
  }
}
