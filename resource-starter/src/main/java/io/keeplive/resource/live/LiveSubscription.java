package io.keeplive.resource.live;

import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.ListQuery;
import io.keeplive.resource.read.QueryParser;
import io.keeplive.resource.read.Reads;
import io.keeplive.resource.read.Values;
import io.keeplive.resource.rest.JsonBodies;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A subscription as the gateway forwards it (plan) or refetches it (query), validated against the
 * declaration exactly like a REST list query.
 *
 * @param resource the declared resource
 * @param key the record's id for a record subscription, else null
 * @param query the list query of a list subscription, else null
 */
record LiveSubscription(ResourceDeclaration resource, UUID key, ListQuery query) {

  boolean isRecord() {
    return key != null;
  }

  /** The query to read: a list subscription's own, or the record by id. */
  ListQuery readQuery() {
    return isRecord() ? Reads.byId(key) : query;
  }

  /** Parses {@code body}, which may have only {@code members}; a 400/404/422 problem otherwise. */
  static LiveSubscription parse(Resources resources, JsonNode body, Set<String> members) {
    JsonBodies.onlyMembers(body, members);
    JsonNode name = body.get("resource");
    if (name == null || !name.isString()) {
      throw ApiProblem.badRequest("resource", "resource must be a string");
    }
    ResourceDeclaration resource =
        resources
            .find(name.stringValue())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        ProblemCode.UNKNOWN_RESOURCE,
                        "resource",
                        "unknown resource " + name.stringValue()));
    JsonNode key = body.get("key");
    if (key != null && !key.isNull()) {
      for (String listMember : List.of("filter", "sort", "limit", "after", "until")) {
        if (body.get(listMember) != null) {
          throw ApiProblem.badRequest(
              listMember, "a record subscription (key) takes no " + listMember);
        }
      }
      if (!key.isString()) {
        throw ApiProblem.badRequest("key", "key must be a uuid string");
      }
      return new LiveSubscription(resource, Values.uuid(key.stringValue(), "key"), null);
    }
    ListQuery query =
        QueryParser.fromJson(
            resource,
            body.get("filter"),
            body.get("sort"),
            body.get("limit"),
            body.get("after"),
            body.get("until"));
    return new LiveSubscription(resource, null, query);
  }
}
