package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.LiveApi.ActorResult;
import io.keeplive.gateway.refetch.LiveApi.PlanOutcome;
import io.keeplive.gateway.refetch.Plan;
import io.keeplive.gateway.refetch.RowOrder;
import io.keeplive.gateway.refetch.Rows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live API's answers, parsed totally: any status and body yield a plan or a refusal, or exactly
 * as many query results as actors asked for — never an exception in a caller. Apart from {@link
 * HttpLiveApi} so that the transport (credential, splitting, halving) and the answer shapes can be
 * read and tested on their own.
 */
final class LiveApiAnswers {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private LiveApiAnswers() {}

  /** The {@code code} of a problem body, or null when the body is no problem. */
  static String problemCode(String body) {
    return code(parse(body));
  }

  private static String code(JsonNode problem) {
    return problem == null ? null : textOf(problem.get("code"));
  }

  /** Total: any status and body yield a plan or a refusal. */
  static PlanOutcome planOutcome(int status, String body) {
    JsonNode root = parse(body);
    return status != 200 ? refusal(status, root) : planOf(root);
  }

  /**
   * Whether a {@code /api/live/plans} answer says the route does not exist (a backend older than
   * it), as opposed to refusing the subscription ({@code unknown_resource} is also a 404).
   */
  static boolean routeMissing(int status, String body) {
    return status == 404 || status == 405 ? !"unknown_resource".equals(problemCode(body)) : false;
  }

  /** Total: any status and body yield exactly {@code actors} plans or refusals. */
  static List<PlanOutcome> planOutcomes(int status, String body, int actors) {
    JsonNode root = parse(body);
    if (status != 200) {
      return Collections.nCopies(actors, refusal(status, root));
    }
    JsonNode plans = root == null ? null : root.get("plans");
    List<PlanOutcome> out = new ArrayList<>(actors);
    for (int i = 0; i < actors; i++) {
      JsonNode plan = plans != null && plans.isArray() ? plans.get(i) : null;
      JsonNode sameAs = plan != null && plan.isObject() ? plan.get("same_as") : null;
      JsonNode error = plan != null && plan.isObject() ? plan.get("error") : null;
      if (sameAs != null) {
        boolean earlier = sameAs.isInt() && sameAs.intValue() >= 0 && sameAs.intValue() < i;
        out.add(earlier ? out.get(sameAs.intValue()) : unusable("bad same_as"));
      } else if (error != null && error.isObject()) {
        JsonNode status0 = error.get("status");
        out.add(refusal(status0 != null && status0.isInt() ? status0.intValue() : 400, error));
      } else {
        out.add(planOf(plan));
      }
    }
    return out;
  }

  private static PlanOutcome planOf(JsonNode root) {
    if (root == null || !root.isObject()) {
      return unusable("plan is not a JSON object");
    }
    JsonNode resource = root.get("resource");
    JsonNode kind = root.get("kind");
    JsonNode topics = root.get("topics");
    JsonNode cohort = root.get("cohort");
    JsonNode query = root.get("query");
    if (resource == null || !resource.isString()) {
      return unusable("plan has no resource");
    }
    Plan.Kind planKind;
    if (kind != null && "list".equals(kind.asString())) {
      planKind = Plan.Kind.LIST;
    } else if (kind != null && "record".equals(kind.asString())) {
      planKind = Plan.Kind.RECORD;
    } else {
      return unusable("plan has no kind");
    }
    if (topics == null || !topics.isArray() || query == null || !query.isObject()) {
      return unusable("plan has no topics or query");
    }
    List<String> topicNames = new ArrayList<>();
    for (JsonNode topic : topics) {
      if (!topic.isString()) {
        return unusable("plan topic is not a string");
      }
      topicNames.add(topic.asString());
    }
    String cohortKey =
        cohort == null || cohort.isNull()
            ? ""
            : cohort.isString() ? cohort.asString() : cohort.toString();
    return new PlanOutcome.Planned(
        new Plan(
            resource.asString(),
            planKind,
            topicNames,
            cohortKey,
            (ObjectNode) query,
            order(root.get("order"))));
  }

  /** The plan's result order; anything malformed counts as none (results are then read). */
  private static List<RowOrder.Key> order(JsonNode order) {
    if (order == null || !order.isArray()) {
      return List.of();
    }
    List<RowOrder.Key> keys = new ArrayList<>();
    for (JsonNode key : order) {
      String attribute = key.isObject() ? textOf(key.get("attribute")) : null;
      String type = key.isObject() ? textOf(key.get("type")) : null;
      JsonNode descending = key.isObject() ? key.get("descending") : null;
      if (attribute == null || type == null || descending == null || !descending.isBoolean()) {
        return List.of();
      }
      keys.add(new RowOrder.Key(attribute, type, descending.booleanValue()));
    }
    return keys;
  }

  /** Total: any status and body yield exactly {@code actors} results. */
  static List<ActorResult> queryResults(int status, String body, int actors) {
    JsonNode root = parse(body);
    if (status != 200) {
      PlanOutcome.Refused refused = (PlanOutcome.Refused) refusal(status, root);
      return Collections.nCopies(actors, new ActorResult.Failed(refused.code(), refused.detail()));
    }
    JsonNode results = root == null ? null : root.get("results");
    List<Rows.Row> shared = sharedRows(root == null ? null : root.get("rows"));
    List<ActorResult> out = new ArrayList<>(actors);
    for (int i = 0; i < actors; i++) {
      JsonNode result = results != null && results.isArray() ? results.get(i) : null;
      JsonNode sameAs = result != null && result.isObject() ? result.get("same_as") : null;
      if (sameAs != null) {
        // A repeated token is answered once, by reference to its first entry.
        boolean earlier = sameAs.isInt() && sameAs.intValue() >= 0 && sameAs.intValue() < i;
        out.add(
            earlier
                ? out.get(sameAs.intValue())
                : new ActorResult.Failed(null, "resource-service returned a bad same_as"));
      } else {
        out.add(actorResult(result, shared));
      }
    }
    return out;
  }

  /** The distinct rows of a {@code "format":"shared"} answer, each serialized once. */
  private static List<Rows.Row> sharedRows(JsonNode rows) {
    if (rows == null || !rows.isArray()) {
      return List.of();
    }
    List<Rows.Row> out = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      out.add(Rows.row(row));
    }
    return out;
  }

  private static ActorResult actorResult(JsonNode result, List<Rows.Row> shared) {
    if (result == null || !result.isObject()) {
      return new ActorResult.Failed(null, "resource-service returned no result for this actor");
    }
    for (boolean changed : new boolean[] {false, true}) {
      String prefix = changed ? "changed_" : "";
      JsonNode indexes = result.get(prefix + "row_indexes");
      JsonNode inline = result.get(prefix + "rows");
      List<Rows.Row> rows;
      if (indexes != null && indexes.isArray()) {
        rows = new ArrayList<>(indexes.size());
        for (JsonNode index : indexes) {
          if (!index.isInt() || index.intValue() < 0 || index.intValue() >= shared.size()) {
            return new ActorResult.Failed(null, "resource-service returned a bad row index");
          }
          rows.add(shared.get(index.intValue()));
        }
      } else if (inline != null && inline.isArray()) {
        rows = new ArrayList<>(inline.size());
        for (JsonNode row : inline) {
          rows.add(Rows.row(row));
        }
      } else {
        continue;
      }
      if (changed) {
        return new ActorResult.Changed(rows);
      }
      // A list's answer says whether rows follow its window (SPEC §4.2); a record's does not.
      JsonNode more = result.get("has_more");
      Rows fetched = Rows.of(rows);
      return new ActorResult.Fetched(
          more != null && more.isBoolean() ? fetched.window(more.booleanValue(), null) : fetched);
    }
    JsonNode error = result.get("error");
    String code = error == null ? null : textOf(error.get("code"));
    String detail = error == null ? null : textOf(error.get("detail"));
    return new ActorResult.Failed(
        ErrorCode.fromWire(code).orElse(null), detail == null ? "refetch refused" : detail);
  }

  private static PlanOutcome refusal(int status, JsonNode problem) {
    String code = code(problem);
    String detail = problem == null ? null : textOf(problem.get("detail"));
    ErrorCode errorCode =
        ErrorCode.fromWire(code)
            .orElse(
                switch (status) {
                  case 401 -> ErrorCode.UNAUTHORIZED;
                  case 403 -> ErrorCode.FORBIDDEN;
                  case 404 -> ErrorCode.UNKNOWN_RESOURCE;
                  default -> ErrorCode.BAD_REQUEST;
                });
    return new PlanOutcome.Refused(
        errorCode, detail == null ? "subscription refused (HTTP " + status + ")" : detail);
  }

  private static PlanOutcome unusable(String why) {
    return new PlanOutcome.Refused(
        ErrorCode.BAD_REQUEST, "unusable plan from resource-service: " + why);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String textOf(JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }
}
