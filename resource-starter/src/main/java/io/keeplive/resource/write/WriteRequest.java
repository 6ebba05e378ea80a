package io.keeplive.resource.write;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.ResourceDeclaration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A validated write, ready to run.
 *
 * @param resource the resource written
 * @param action the action performed
 * @param actor who performs it (tenant included)
 * @param arguments decoded arguments the client sent, by argument name (absent ones missing)
 * @param ids the target records (one for single-record actions, many for bulk, none for creates)
 * @param parentId the parent a nested create is under, if any
 * @param expectedVersion the {@code If-Match} version, if any
 * @param idempotencyKey the {@code Idempotency-Key} of a create, if any
 * @param traceparent W3C trace context of the request, if any
 */
public record WriteRequest(
    ResourceDeclaration resource,
    Action action,
    Identity actor,
    Map<String, Object> arguments,
    List<UUID> ids,
    Optional<UUID> parentId,
    Optional<Integer> expectedVersion,
    Optional<String> idempotencyKey,
    Optional<String> traceparent) {

  public WriteRequest {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    ids = List.copyOf(ids);
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(traceparent, "traceparent");
  }
}
