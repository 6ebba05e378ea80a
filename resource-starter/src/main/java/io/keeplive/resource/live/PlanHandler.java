package io.keeplive.resource.live;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.read.ListQuery;
import io.keeplive.resource.read.QueryParser;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.read.RowJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/live/plan}: validates a subscription for the calling user and answers its kind,
 * normalized query, topics, cohort and (when reproducible) row order.
 */
final class PlanHandler {

  private static final Set<String> MEMBERS =
      Set.of("resource", "filter", "sort", "limit", "after", "until", "key");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Resources resources;
  private final Reads reads;

  PlanHandler(Resources resources, Reads reads) {
    this.resources = resources;
    this.reads = reads;
  }

  Mono<ObjectNode> plan(JsonNode body, Identity actor) {
    return plan(LiveSubscription.parse(resources, body, MEMBERS), actor);
  }

  /** The plan of a parsed subscription for one actor; refusals are {@link ApiProblem}s. */
  Mono<ObjectNode> plan(LiveSubscription subscription, Identity actor) {
    if (subscription.resource().readPolicy().grantsFor(actor.roles()).isEmpty()) {
      throw ApiProblem.forbidden(
          "no role of this actor may read " + subscription.resource().name());
    }
    return topics(subscription, actor).map(topics -> planOf(subscription, actor, topics));
  }

  private ObjectNode planOf(LiveSubscription subscription, Identity actor, List<String> topics) {
    ObjectNode plan = NODES.objectNode();
    plan.put("resource", subscription.resource().name());
    plan.put("kind", subscription.isRecord() ? "record" : "list");
    plan.set("topics", RowJson.value(topics));
    plan.put("cohort", Cohort.of(subscription.resource(), actor));
    plan.set("query", describe(subscription));
    order(subscription).ifPresent(order -> plan.set("order", order));
    return plan;
  }

  private Mono<List<String>> topics(LiveSubscription subscription, Identity actor) {
    ResourceDeclaration resource = subscription.resource();
    if (!subscription.isRecord()) {
      return Mono.just(SubscriptionTopics.forList(resource, actor, subscription.query()));
    }
    String key = subscription.key().toString();
    List<String> templated = SubscriptionTopics.templated(resource);
    if (templated.isEmpty()) {
      // Nothing of the record chooses its topics.
      return Mono.just(
          SubscriptionTopics.forRecord(resources, resource, actor, key, Optional.of(Map.of())));
    }
    // The record's own values choose its topics, read as the actor: a record the actor cannot see
    // must plan exactly like one that does not exist, or the topics would tell its values.
    return reads
        .get(resource, actor, subscription.key())
        .map(
            row -> {
              Map<String, Object> values = new LinkedHashMap<>();
              templated.forEach(attribute -> values.put(attribute, row.get(attribute)));
              return Optional.of(values);
            })
        .defaultIfEmpty(Optional.empty())
        .map(visible -> SubscriptionTopics.forRecord(resources, resource, actor, key, visible));
  }

  /**
   * How results are ordered, for callers that merge changed rows into a result themselves: the sort
   * keys, then {@code id} ascending (as {@link Reads} orders), each with its type. Only when every
   * key has an order a caller can reproduce exactly from the JSON value (timestamps, integers,
   * uuids); text follows the database's collation, so a text sort has no {@code order} and such
   * subscriptions are always read in full. A keyset window (after/until) has none either: its rows
   * are always read in full (merging assumes a list from its start).
   */
  private static Optional<ArrayNode> order(LiveSubscription subscription) {
    List<ListQuery.SortKey> keys = new ArrayList<>();
    if (!subscription.isRecord() && !subscription.query().window().isNone()) {
      return Optional.empty();
    }
    if (!subscription.isRecord()) {
      keys.addAll(subscription.query().sort());
    }
    if (keys.stream().noneMatch(k -> k.attribute().equals(ResourceDeclaration.ID))) {
      keys.add(new ListQuery.SortKey(ResourceDeclaration.ID, false));
    }
    ArrayNode order = NODES.arrayNode();
    for (ListQuery.SortKey key : keys) {
      AttributeType type = subscription.resource().require(key.attribute()).type();
      if (type != AttributeType.TIMESTAMP
          && type != AttributeType.INTEGER
          && type != AttributeType.UUID) {
        return Optional.empty();
      }
      ObjectNode entry = order.addObject();
      entry.put("attribute", key.attribute());
      entry.put("type", type.name().toLowerCase(Locale.ROOT));
      entry.put("descending", key.descending());
    }
    return Optional.of(order);
  }

  private static JsonNode describe(LiveSubscription subscription) {
    if (subscription.isRecord()) {
      ObjectNode query = NODES.objectNode();
      query.put("key", subscription.key().toString());
      return query;
    }
    return RowJson.value(QueryParser.describe(subscription.query()));
  }
}
