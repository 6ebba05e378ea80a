package io.keeplive.resource.openapi;

import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Argument;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.rest.ResourceRoutes;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The JSON Schemas of the OpenAPI document: rows, request bodies, attribute values, problems. */
final class Schemas {

  private Schemas() {}

  /** A schema of one JSON type (OpenAPI 3.1 writes types as a set; one type is written bare). */
  static Schema<Object> of(String type) {
    return typed(Set.of(type));
  }

  private static Schema<Object> typed(Set<String> types) {
    Schema<Object> schema = new Schema<>();
    schema.setTypes(new LinkedHashSet<>(types));
    return schema;
  }

  static Schema<Object> bodySchema(Action action) {
    if (action.bodyArguments().isEmpty() && action.kind() != Action.Kind.BULK_UPDATE) {
      return null;
    }
    Schema<Object> schema = of("object");
    schema.setAdditionalProperties(false);
    for (Argument argument : action.bodyArguments()) {
      schema.addProperty(argument.name(), attributeSchema(argument.validatesAs(), true));
      if (argument.required()) {
        schema.addRequiredItem(argument.name());
      }
    }
    if (action.kind() == Action.Kind.BULK_UPDATE) {
      Schema<Object> ids = of("array");
      ids.setMinItems(1);
      ids.setMaxItems(ResourceRoutes.MAX_BULK_IDS);
      ids.setItems(uuid());
      schema.addProperty("ids", ids);
      schema.addRequiredItem("ids");
    }
    return schema;
  }

  static Schema<Object> rowSchema(ResourceDeclaration resource) {
    Schema<Object> schema = of("object");
    for (Attribute attribute : resource.attributes()) {
      schema.addProperty(attribute.name(), attributeSchema(attribute, true));
      schema.addRequiredItem(attribute.name());
    }
    return schema;
  }

  static Schema<Object> attributeSchema(Attribute attribute, boolean allowNull) {
    String type =
        switch (attribute.type()) {
          case UUID, TEXT, ENUM, TIMESTAMP -> "string";
          case INTEGER -> "integer";
          case TEXT_SET -> "array";
        };
    Schema<Object> schema =
        allowNull && attribute.nullable() ? typed(orderedSet(type, "null")) : of(type);
    switch (attribute.type()) {
      case UUID -> schema.setFormat("uuid");
      case TIMESTAMP -> schema.setFormat("date-time");
      case TEXT -> textLimits(schema, attribute);
      case ENUM -> schema.setEnum(new ArrayList<>(attribute.allowedValues()));
      case TEXT_SET -> {
        schema.setUniqueItems(true);
        if (attribute.maxSize() > 0) {
          schema.setMaxItems(attribute.maxSize());
        }
        Schema<Object> items = of("string");
        textLimits(items, attribute);
        schema.setItems(items);
      }
      case INTEGER -> {}
    }
    return schema;
  }

  private static Set<String> orderedSet(String... types) {
    return new LinkedHashSet<>(List.of(types));
  }

  private static void textLimits(Schema<Object> schema, Attribute attribute) {
    if (attribute.minLength() > 0) {
      schema.setMinLength(attribute.minLength());
    }
    if (attribute.maxLength() > 0) {
      schema.setMaxLength(attribute.maxLength());
    }
  }

  static Schema<Object> problemSchema() {
    Schema<Object> schema = of("object");
    for (String name : new String[] {"type", "title", "detail", "instance", "code", "field"}) {
      schema.addProperty(name, of("string"));
    }
    schema
        .getProperties()
        .get("type")
        .setDescription("one URI per problem, listed in the API description");
    schema.addProperty("status", of("integer"));
    schema.setRequired(new ArrayList<>(List.of("title", "status", "detail", "code")));
    return schema;
  }

  static Schema<Object> uuid() {
    Schema<Object> schema = of("string");
    schema.setFormat("uuid");
    return schema;
  }

  static Schema<Object> integerBetween(int minimum, int maximum, int fallback) {
    Schema<Object> schema = of("integer");
    schema.setMinimum(BigDecimal.valueOf(minimum));
    schema.setMaximum(BigDecimal.valueOf(maximum));
    schema.setDefault(fallback);
    return schema;
  }

  static Schema<Object> arrayOf(Schema<?> items) {
    Schema<Object> schema = of("array");
    schema.setItems(items);
    return schema;
  }

  static Schema<Object> ref(String schema) {
    Schema<Object> ref = new Schema<>();
    ref.set$ref("#/components/schemas/" + schema);
    return ref;
  }
}
