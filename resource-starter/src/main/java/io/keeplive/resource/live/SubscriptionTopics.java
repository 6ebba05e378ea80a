package io.keeplive.resource.live;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.Publication;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.declaration.Term;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.read.ListQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives the topics a subscription listens on from the resource's publications, choosing the
 * narrowest set that provably sees every change to the subscription's result. Every rule relies on
 * the one invariant of the write path: a change publishes every template expanded for the old AND
 * the new row.
 *
 * <ol>
 *   <li>Record subscription, and the resource publishes {@code …{_pkey}…}: that topic for the key,
 *       plus the topics on which the actor's access changes when visibility depends on a parent
 *       (messages: the conversation's members), since a membership change publishes nothing on the
 *       message itself.
 *   <li>A filter {@code a = v} (or {@code a in […]}) and a template on {@code a}: a row can enter,
 *       stay in or leave the result only by a change whose old or new row has {@code a = v}, which
 *       publishes the template for {@code v}.
 *   <li>The actor's read policy is "the actor is in (or equals) attribute {@code a}" and a template
 *       on {@code a}: a row is visible only if its old or new value names the actor, so the
 *       template for the actor's id sees every change that matters.
 *   <li>Record subscription on a resource without a {@code _pkey} template: rule 2 applied to the
 *       record's own values of templated attributes (looked up by the caller, as the actor), plus
 *       the topics on which the actor's access changes; for a record the actor cannot see, only the
 *       latter.
 *   <li>Otherwise the resource's template without placeholder (e.g. {@code tickets}).
 * </ol>
 *
 * When a resource's visibility depends on a parent record (messages via the conversation's
 * members), the parent must publish the same narrow topic on its own changes; the conversations
 * declaration does, and a test checks that a removed member's view empties.
 */
public final class SubscriptionTopics {

  private SubscriptionTopics() {}

  /** Topics of a list subscription. */
  public static List<String> forList(
      ResourceDeclaration resource, Identity actor, ListQuery query) {
    return byFilter(resource, query.filters())
        .or(() -> byActor(resource, actor))
        .or(() -> collection(resource))
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "filter",
                    resource.name()
                        + " subscriptions need a filter on one of "
                        + templated(resource)));
  }

  /**
   * Topics of a record subscription. {@code visible} holds the record's current values of templated
   * attributes when the actor can see it, and is empty otherwise (missing, another tenant's, or not
   * readable by the policy). The topics of an invisible record never depend on the record: the
   * resource's collection topic and those on which the actor's access could change ({@link
   * #accessTopics}), so a plan tells nothing about a record the actor may not read.
   */
  public static List<String> forRecord(
      Resources resources,
      ResourceDeclaration resource,
      Identity actor,
      String key,
      Optional<Map<String, Object>> visible) {
    Optional<Publication> byKey =
        resource.publications().stream()
            .filter(p -> p.variable().filter(Publication.PKEY::equals).isPresent())
            .findFirst();
    if (byKey.isPresent()) {
      Set<String> topics = new LinkedHashSet<>();
      topics.add(byKey.get().expand(key));
      topics.addAll(accessTopics(resources, resource, actor));
      return List.copyOf(topics);
    }
    Optional<List<String>> actorTopics = byActor(resource, actor);
    if (actorTopics.isPresent()) {
      return actorTopics.get();
    }
    List<ListQuery.Filter> filters = new ArrayList<>();
    visible
        .orElse(Map.of())
        .forEach(
            (attribute, value) -> {
              if (value != null) {
                filters.add(new ListQuery.Filter(attribute, List.of(value)));
              }
            });
    Set<String> topics = new LinkedHashSet<>();
    byFilter(resource, filters).or(() -> collection(resource)).ifPresent(topics::addAll);
    topics.addAll(accessTopics(resources, resource, actor));
    return List.copyOf(topics);
  }

  /**
   * Topics on which changes of the actor's access to {@code resource} are published, when its read
   * policy is a parent's "the actor is in (or equals) attribute {@code a}" and the parent publishes
   * a template on {@code a} (messages: {@code user:<actor>:conversations}, published for the old
   * and new members of a conversation). Empty when some grant has no such topic: an invisible
   * record then stays as invisible to the subscription as a missing one, which is what it is for
   * this actor until access changes.
   */
  static List<String> accessTopics(
      Resources resources, ResourceDeclaration resource, Identity actor) {
    Set<String> topics = new LinkedHashSet<>();
    for (Policy.Grant grant : resource.readPolicy().grantsFor(actor.roles())) {
      if (!(grant.condition() instanceof Condition.Parent parent)) {
        return List.of();
      }
      ResourceDeclaration target = resources.parentOf(resource, parent.reference());
      Optional<String> attribute = actorAttribute(parent.condition());
      Optional<Publication> publication = attribute.flatMap(a -> templateOn(target, a));
      if (publication.isEmpty()) {
        return List.of();
      }
      topics.add(publication.get().expand(actor.user()));
    }
    return List.copyOf(topics);
  }

  /** Attributes some publication is templated on (what {@link #forRecord} needs looked up). */
  public static List<String> templated(ResourceDeclaration resource) {
    return resource.publications().stream()
        .flatMap(p -> p.variable().stream())
        .filter(v -> !v.equals(Publication.PKEY) && !v.equals(Publication.TENANT))
        .distinct()
        .toList();
  }

  private static Optional<List<String>> byFilter(
      ResourceDeclaration resource, List<ListQuery.Filter> filters) {
    for (ListQuery.Filter filter : filters) {
      if (filter.values().contains(null) || filter.values().isEmpty()) {
        continue;
      }
      Optional<Publication> publication = templateOn(resource, filter.attribute());
      if (publication.isPresent()) {
        Set<String> topics = new LinkedHashSet<>(publication.get().expandAll(filter.values()));
        return Optional.of(List.copyOf(topics));
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> byActor(ResourceDeclaration resource, Identity actor) {
    List<Policy.Grant> grants = resource.readPolicy().grantsFor(actor.roles());
    if (grants.isEmpty()) {
      return Optional.empty();
    }
    String attribute = null;
    for (Policy.Grant grant : grants) {
      Optional<String> named = actorAttribute(grant.condition());
      if (named.isEmpty() || (attribute != null && !attribute.equals(named.get()))) {
        return Optional.empty();
      }
      attribute = named.get();
    }
    return templateOn(resource, attribute).map(p -> List.of(p.expand(actor.user())));
  }

  /** {@code a = actor} or {@code actor ∈ a}: the attribute {@code a}. */
  private static Optional<String> actorAttribute(Condition condition) {
    if (condition instanceof Condition.Contains contains
        && contains.set() instanceof Term.Attr attr
        && contains.element() instanceof Term.ActorUser) {
      return Optional.of(attr.name());
    }
    if (condition instanceof Condition.Equal equal) {
      if (equal.left() instanceof Term.Attr attr && equal.right() instanceof Term.ActorUser) {
        return Optional.of(attr.name());
      }
      if (equal.right() instanceof Term.Attr attr && equal.left() instanceof Term.ActorUser) {
        return Optional.of(attr.name());
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> collection(ResourceDeclaration resource) {
    return resource.publications().stream()
        .filter(p -> p.variable().isEmpty())
        .findFirst()
        .map(p -> List.of(p.template()));
  }

  private static Optional<Publication> templateOn(ResourceDeclaration resource, String attribute) {
    return resource.publications().stream()
        .filter(p -> p.variable().filter(attribute::equals).isPresent())
        .findFirst();
  }
}
