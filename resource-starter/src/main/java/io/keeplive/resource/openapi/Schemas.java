package io.keeplive.resource.openapi;

import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Argument;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.rest.ResourceRoutes;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON Schemas of the OpenAPI document: rows, request bodies, attribute values, problems. */
final class Schemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Schemas() {}

  static ObjectNode bodySchema(Action action) {
    if (action.bodyArguments().isEmpty() && action.kind() != Action.Kind.BULK_UPDATE) {
      return null;
    }
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    schema.put("additionalProperties", false);
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (Argument argument : action.bodyArguments()) {
      properties.set(argument.name(), attributeSchema(argument.validatesAs(), true));
      if (argument.required()) {
        required.add(argument.name());
      }
    }
    if (action.kind() == Action.Kind.BULK_UPDATE) {
      ObjectNode ids = properties.putObject("ids");
      ids.put("type", "array");
      ids.put("minItems", 1);
      ids.put("maxItems", ResourceRoutes.MAX_BULK_IDS);
      ids.set("items", uuid());
      required.add("ids");
    }
    return schema;
  }

  static ObjectNode rowSchema(ResourceDeclaration resource) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    for (Attribute attribute : resource.attributes()) {
      properties.set(attribute.name(), attributeSchema(attribute, true));
      required.add(attribute.name());
    }
    return schema;
  }

  static ObjectNode attributeSchema(Attribute attribute, boolean allowNull) {
    ObjectNode schema = NODES.objectNode();
    String type =
        switch (attribute.type()) {
          case UUID, TEXT, ENUM, TIMESTAMP -> "string";
          case INTEGER -> "integer";
          case TEXT_SET -> "array";
        };
    if (allowNull && attribute.nullable()) {
      schema.putArray("type").add(type).add("null");
    } else {
      schema.put("type", type);
    }
    switch (attribute.type()) {
      case UUID -> schema.put("format", "uuid");
      case TIMESTAMP -> schema.put("format", "date-time");
      case TEXT -> textLimits(schema, attribute);
      case ENUM -> {
        ArrayNode values = schema.putArray("enum");
        attribute.allowedValues().forEach(values::add);
      }
      case TEXT_SET -> {
        schema.put("uniqueItems", true);
        if (attribute.maxSize() > 0) {
          schema.put("maxItems", attribute.maxSize());
        }
        ObjectNode items = schema.putObject("items");
        items.put("type", "string");
        textLimits(items, attribute);
      }
      case INTEGER -> {}
    }
    return schema;
  }

  private static void textLimits(ObjectNode schema, Attribute attribute) {
    if (attribute.minLength() > 0) {
      schema.put("minLength", attribute.minLength());
    }
    if (attribute.maxLength() > 0) {
      schema.put("maxLength", attribute.maxLength());
    }
  }

  static ObjectNode problemSchema() {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (String name : new String[] {"type", "title", "detail", "instance", "code", "field"}) {
      properties.putObject(name).put("type", "string");
    }
    ((ObjectNode) properties.get("type"))
        .put("description", "one URI per problem, listed in the API description");
    properties.putObject("status").put("type", "integer");
    schema.putArray("required").add("title").add("status").add("detail").add("code");
    return schema;
  }

  static ObjectNode uuid() {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "string");
    schema.put("format", "uuid");
    return schema;
  }

  static ObjectNode ref(String schema) {
    ObjectNode ref = NODES.objectNode();
    ref.put("$ref", "#/components/schemas/" + schema);
    return ref;
  }
}
