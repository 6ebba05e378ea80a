package io.keeplive.resource.live;

import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.read.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A {@code POST /api/live/query} body, parsed totally and checked against the limits before any
 * token is verified or any row read.
 *
 * @param subscription what to read
 * @param entries the {@code actors} array as sent (answers are index-aligned with it)
 * @param distinct the distinct tokens of {@code entries}, in order of first appearance: each is
 *     verified and read once, however often it is repeated
 * @param distinctOf per entry, the index of its token in {@code distinct}
 * @param firstEntry per distinct token, the entry that first carried it (duplicates refer to it)
 * @param recheck per distinct token, whether it must be read in full (no hint, or any of its
 *     entries asked for it)
 * @param changedIds the hint's changed row ids (empty: everyone is read in full)
 * @param shared whether rows are answered once, referenced by index ({@code "format":"shared"})
 */
record QueryRequest(
    LiveSubscription subscription,
    List<String> entries,
    List<String> distinct,
    int[] distinctOf,
    List<Integer> firstEntry,
    List<Boolean> recheck,
    List<UUID> changedIds,
    boolean shared) {

  private static final Set<String> MEMBERS =
      Set.of(
          "resource",
          "filter",
          "sort",
          "limit",
          "after",
          "until",
          "key",
          "actors",
          "format",
          "changed_ids",
          "recheck");

  static QueryRequest parse(Resources resources, JsonNode body, LiveApiProperties limits) {
    LiveSubscription subscription = LiveSubscription.parse(resources, body, MEMBERS);
    List<String> entries = tokens(body.get("actors"));
    Map<String, Integer> indexOf = new HashMap<>();
    List<String> distinct = new ArrayList<>();
    List<Integer> firstEntry = new ArrayList<>();
    int[] distinctOf = new int[entries.size()];
    for (int e = 0; e < entries.size(); e++) {
      distinctOf[e] = indexOf.computeIfAbsent(entries.get(e), token -> distinct.size());
      if (distinctOf[e] == distinct.size()) {
        distinct.add(entries.get(e));
        firstEntry.add(e);
      }
    }
    if (distinct.size() > limits.maxActors()) {
      throw ApiProblem.badRequest(
          "actors", "at most " + limits.maxActors() + " distinct actors per query");
    }
    List<UUID> changedIds = changedIds(body.get("changed_ids"), limits.maxChangedIds());
    List<Boolean> perEntry =
        recheck(body.get("recheck"), present(body.get("changed_ids")), entries.size());
    List<Boolean> recheck = new ArrayList<>(distinct.size());
    for (int d = 0; d < distinct.size(); d++) {
      recheck.add(changedIds.isEmpty());
    }
    for (int e = 0; e < entries.size(); e++) {
      if (perEntry.get(e)) {
        recheck.set(distinctOf[e], true);
      }
    }
    return new QueryRequest(
        subscription,
        entries,
        distinct,
        distinctOf,
        firstEntry,
        recheck,
        changedIds,
        sharedRows(body.get("format")));
  }

  /** The hint for the distinct actors {@code readers} (indexes into {@link #distinct}). */
  Reads.Relevance relevanceOf(List<Integer> readers) {
    if (changedIds.isEmpty()) {
      return Reads.Relevance.ALL;
    }
    return new Reads.Relevance(changedIds, readers.stream().map(recheck::get).toList());
  }

  /** The {@code actors} array: tokens, in order (shared with {@code /api/live/plans}). */
  static List<String> tokens(JsonNode actors) {
    if (actors == null) {
      throw ApiProblem.badRequest("actors", "actors is required");
    }
    if (!actors.isArray()) {
      throw ApiProblem.badRequest("actors", "actors must be an array of tokens");
    }
    List<String> tokens = new ArrayList<>(actors.size());
    for (JsonNode actor : actors.values()) {
      if (!actor.isString()) {
        throw ApiProblem.badRequest("actors", "actors must be an array of tokens");
      }
      tokens.add(actor.stringValue());
    }
    return tokens;
  }

  /**
   * {@code "format":"shared"} answers every distinct row once in a top-level {@code rows} array and
   * each actor's result as {@code row_indexes} into it: actors of one tenant mostly see the same
   * rows, so this keeps the answer proportional to distinct rows, not actors × rows. Without it
   * each result carries its rows inline.
   */
  private static boolean sharedRows(JsonNode format) {
    if (format == null || format.isNull()) {
      return false;
    }
    if (format.isString() && format.stringValue().equals("shared")) {
      return true;
    }
    if (format.isString() && format.stringValue().equals("inline")) {
      return false;
    }
    throw ApiProblem.badRequest("format", "format must be \"inline\" or \"shared\"");
  }

  /**
   * {@code changed_ids}: uuids of the rows changed since the actors' last results (see {@link
   * Reads.Relevance}); empty when absent.
   */
  private static List<UUID> changedIds(JsonNode changedIds, int max) {
    if (changedIds == null || changedIds.isNull()) {
      return List.of();
    }
    if (!changedIds.isArray() || changedIds.size() > max) {
      throw ApiProblem.badRequest(
          "changed_ids", "changed_ids must be an array of at most " + max + " uuids");
    }
    List<UUID> ids = new ArrayList<>(changedIds.size());
    for (JsonNode id : changedIds.values()) {
      if (!id.isString()) {
        throw ApiProblem.badRequest("changed_ids", "changed_ids must be an array of uuids");
      }
      ids.add(Values.uuid(id.stringValue(), "changed_ids"));
    }
    return ids;
  }

  private static boolean present(JsonNode member) {
    return member != null && !member.isNull();
  }

  /** {@code recheck}: one boolean per entry, required exactly when {@code changed_ids} is given. */
  private static List<Boolean> recheck(JsonNode recheck, boolean hinted, int entries) {
    boolean absent = !present(recheck);
    if (!hinted) {
      if (!absent) {
        throw ApiProblem.badRequest("recheck", "recheck needs changed_ids");
      }
      return Collections.nCopies(entries, true);
    }
    if (absent || !recheck.isArray() || recheck.size() != entries) {
      throw ApiProblem.badRequest("recheck", "recheck must be one boolean per actor");
    }
    List<Boolean> flags = new ArrayList<>(entries);
    for (JsonNode flag : recheck.values()) {
      if (!flag.isBoolean()) {
        throw ApiProblem.badRequest("recheck", "recheck must be one boolean per actor");
      }
      flags.add(flag.booleanValue());
    }
    return flags;
  }
}
