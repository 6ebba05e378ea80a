package io.keeplive.resource.rest;

import io.keeplive.resource.problem.ApiProblem;
import java.util.Collection;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Total parsing of request bodies into a JSON object; anything else is a 400. */
public final class JsonBodies {

  private JsonBodies() {}

  public static JsonNode object(JsonMapper json, String body) {
    if (body == null || body.isBlank()) {
      throw ApiProblem.badRequest("body", "the body must be a JSON object");
    }
    JsonNode node;
    try {
      // A repeated member would otherwise silently win over the first; refuse the ambiguity.
      node = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(body);
    } catch (JacksonException e) {
      throw ApiProblem.badRequest(
          "body",
          "the body is not valid JSON"
              + (e.getMessage() != null && e.getMessage().startsWith("Duplicate")
                  ? " (duplicate member)"
                  : ""));
    }
    if (node == null || !node.isObject()) {
      throw ApiProblem.badRequest("body", "the body must be a JSON object");
    }
    return node;
  }

  /** Refuses members other than {@code allowed}, naming the first unknown one. */
  public static void onlyMembers(JsonNode object, Collection<String> allowed) {
    for (String name : object.propertyNames()) {
      if (!allowed.contains(name)) {
        throw ApiProblem.badRequest(name, "unknown field " + name);
      }
    }
  }
}
