package io.keeplive.resource.read;

import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.problem.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Total decoding of attribute values from request text and JSON, with the attribute's constraints
 * checked. Unreadable input (wrong JSON type, bad uuid) is a 400; readable input that breaks a
 * constraint (too long, not an allowed value, null where not nullable) is a 422. Both name the
 * field.
 */
public final class Values {

  private Values() {}

  /** A value from a query parameter or path variable. */
  public static Object fromText(Attribute attribute, String text, String field) {
    return switch (attribute.type()) {
      case UUID -> uuid(text, field);
      case TEXT -> checkText(attribute, text, field);
      case ENUM -> checkEnum(attribute, text, field);
      case INTEGER -> {
        try {
          yield Integer.parseInt(text);
        } catch (NumberFormatException e) {
          throw ApiProblem.badRequest(field, field + " must be an integer");
        }
      }
      case TIMESTAMP -> {
        try {
          yield Instant.parse(text);
        } catch (DateTimeParseException e) {
          throw ApiProblem.badRequest(field, field + " must be an ISO-8601 instant");
        }
      }
      case TEXT_SET -> throw ApiProblem.badRequest(field, field + " cannot be given as text");
    };
  }

  /** A value from a JSON body; JSON null is accepted only for nullable attributes. */
  public static Object fromJson(Attribute attribute, JsonNode node, String field) {
    if (node == null || node.isNull()) {
      if (!attribute.nullable()) {
        throw ApiProblem.invalid(field, field + " must not be null");
      }
      return null;
    }
    return switch (attribute.type()) {
      case UUID -> uuid(string(node, field), field);
      case TEXT -> checkText(attribute, string(node, field), field);
      case ENUM -> checkEnum(attribute, string(node, field), field);
      case INTEGER -> {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw ApiProblem.badRequest(field, field + " must be an integer");
        }
        yield node.intValue();
      }
      case TIMESTAMP -> fromText(attribute, string(node, field), field);
      case TEXT_SET -> {
        if (!node.isArray()) {
          throw ApiProblem.badRequest(field, field + " must be an array of strings");
        }
        if (node.size() > attribute.maxSize()) {
          throw ApiProblem.invalid(
              field, field + " must have at most " + attribute.maxSize() + " elements");
        }
        Set<String> elements = new LinkedHashSet<>();
        for (JsonNode element : node.values()) {
          elements.add(checkText(attribute, string(element, field), field));
        }
        yield List.copyOf(new ArrayList<>(elements));
      }
    };
  }

  /** An id from a path or a body: a 400 naming the field when it is not a uuid. */
  public static UUID uuid(String text, String field) {
    try {
      if (text.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(field, field + " must be a uuid");
    }
  }

  private static String string(JsonNode node, String field) {
    if (!node.isString()) {
      throw ApiProblem.badRequest(field, field + " must be a string");
    }
    return node.stringValue();
  }

  private static String checkText(Attribute attribute, String text, String field) {
    int length = text.codePointCount(0, text.length());
    if (length < attribute.minLength()
        || (attribute.maxLength() > 0 && length > attribute.maxLength())) {
      throw ApiProblem.invalid(
          field,
          field
              + " must be "
              + attribute.minLength()
              + " to "
              + attribute.maxLength()
              + " characters long");
    }
    if (text.indexOf('\u0000') >= 0) {
      throw ApiProblem.badRequest(field, field + " must not contain NUL characters");
    }
    return text;
  }

  private static String checkEnum(Attribute attribute, String text, String field) {
    if (!attribute.allowedValues().contains(text)) {
      throw ApiProblem.invalid(
          field, field + " must be one of " + String.join(", ", attribute.allowedValues()));
    }
    return text;
  }
}
