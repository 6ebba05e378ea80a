package io.keeplive.resource.write.internal;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.Effect;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Term;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.write.WriteRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a write changes, computed from the request and the old row alone (no database): the values
 * of a new record, and the attributes an action's effects actually change. Only changed attributes
 * are written, counted and published, so a no-op update writes nothing.
 */
public final class Changes {

  private Changes() {}

  /** The record a create inserts: system values, client input (or defaults), actor and parent. */
  public static Map<String, Object> created(WriteRequest request) {
    ResourceDeclaration resource = request.resource();
    Identity actor = request.actor();
    Map<String, Object> row = new LinkedHashMap<>();
    for (Attribute attribute : resource.attributes()) {
      String name = attribute.name();
      boolean nestedReference = resource.nestedUnder().filter(name::equals).isPresent();
      if (nestedReference) {
        row.put(name, request.parentId().orElseThrow());
        continue;
      }
      switch (attribute.source()) {
        case SYSTEM -> system(name, actor).ifPresent(value -> row.put(name, value));
        case INPUT ->
            row.put(
                name,
                request.arguments().containsKey(attribute.inputName())
                    ? request.arguments().get(attribute.inputName())
                    : attribute.defaultValue());
        case ACTOR -> row.put(name, actor.user());
        case INPUT_WITH_ACTOR -> row.put(name, withActor(attribute, request));
        case PARENT -> row.put(name, request.parentId().orElseThrow());
      }
    }
    return row;
  }

  /** Id and tenant; the database sets version and timestamps. */
  private static Optional<Object> system(String name, Identity actor) {
    if (name.equals(ResourceDeclaration.ID)) {
      return Optional.of(UUID.randomUUID());
    }
    if (name.equals(ResourceDeclaration.TENANT)) {
      return Optional.of(actor.tenant());
    }
    return Optional.empty();
  }

  /** A client-sent set that always contains the actor, first. */
  private static List<Object> withActor(Attribute attribute, WriteRequest request) {
    LinkedHashSet<Object> set = new LinkedHashSet<>();
    set.add(request.actor().user());
    Object sent = request.arguments().get(attribute.inputName());
    if (sent instanceof List<?> elements) {
      set.addAll(elements);
    }
    checkSize(attribute, set.size(), attribute.inputName());
    return List.copyOf(set);
  }

  /** The new values of the attributes the action's effects actually change. */
  public static Map<String, Object> of(WriteRequest request, Map<String, Object> old) {
    Map<String, Object> changes = new LinkedHashMap<>();
    for (Effect effect : request.action().effects()) {
      if (effect.value() instanceof Term.Argument argument
          && !request.arguments().containsKey(argument.name())) {
        continue;
      }
      Attribute attribute = request.resource().require(effect.attribute());
      Object current =
          changes.containsKey(attribute.name())
              ? changes.get(attribute.name())
              : old.get(attribute.name());
      Object next = apply(effect, attribute, current, resolve(effect.value(), request, old));
      if (!Objects.equals(next, old.get(attribute.name()))) {
        changes.put(attribute.name(), next);
      } else {
        changes.remove(attribute.name());
      }
    }
    return changes;
  }

  private static Object apply(Effect effect, Attribute attribute, Object current, Object value) {
    if (effect instanceof Effect.Assign) {
      return value;
    }
    List<Object> set = new ArrayList<>((List<?>) current);
    if (effect instanceof Effect.AddTo && !set.contains(value)) {
      set.add(value);
      checkSize(attribute, set.size(), attribute.name());
    } else if (effect instanceof Effect.RemoveFrom) {
      set.remove(value);
    }
    return List.copyOf(set);
  }

  private static Object resolve(Term term, WriteRequest request, Map<String, Object> old) {
    if (term instanceof Term.Argument argument) {
      return request.arguments().get(argument.name());
    }
    if (term instanceof Term.Value value) {
      return value.value();
    }
    if (term instanceof Term.ActorUser) {
      return request.actor().user();
    }
    return old.get(((Term.Attr) term).name());
  }

  private static void checkSize(Attribute attribute, int size, String field) {
    if (attribute.maxSize() > 0 && size > attribute.maxSize()) {
      throw ApiProblem.invalid(
          field, field + " must have at most " + attribute.maxSize() + " elements");
    }
  }
}
