package io.keeplive.gateway.refetch;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * resource-service's answer to {@code POST /api/live/plan}: what a subscription listens to and how
 * it is refetched.
 *
 * @param resource resource name
 * @param kind list or single record
 * @param topics topics whose notifications make this subscription refetch
 * @param cohort opaque policy-input key: equal resource + query + cohort means identical rows
 * @param query the normalized query to send back to {@code /api/live/query}
 * @param order the result order when it can be reproduced outside the database (empty otherwise):
 *     changed rows are then merged into results instead of reading the list again
 */
public record Plan(
    String resource,
    Kind kind,
    List<String> topics,
    String cohort,
    ObjectNode query,
    List<RowOrder.Key> order) {

  public Plan {
    topics = List.copyOf(topics);
    order = List.copyOf(order);
  }

  public Plan(String resource, Kind kind, List<String> topics, String cohort, ObjectNode query) {
    this(resource, kind, topics, cohort, query, List.of());
  }

  /** Whether a plan fetches a list or one record. */
  public enum Kind {
    LIST("list"),
    RECORD("record");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
