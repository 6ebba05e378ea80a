package io.keeplive.resource.declaration;

import java.util.List;
import java.util.Objects;

/**
 * One column of a resource, with what clients may do with it.
 *
 * @param name column name and JSON member name
 * @param type value kind
 * @param nullable whether the value may be null
 * @param minLength minimum length of a {@code TEXT} value (or of each element of a set)
 * @param maxLength maximum length of a {@code TEXT} value (or of each element of a set)
 * @param maxSize maximum number of elements of a {@code TEXT_SET}
 * @param allowedValues the values of an {@code ENUM}
 * @param filterable whether lists and subscriptions may filter on it
 * @param sortable whether lists and subscriptions may sort on it
 * @param defaultValue the value a create gets when the client does not send one, or null
 * @param source where the value comes from on create
 * @param inputName the JSON member a create reads it from (e.g. {@code member_ids} for {@code
 *     members})
 */
public record Attribute(
    String name,
    AttributeType type,
    boolean nullable,
    int minLength,
    int maxLength,
    int maxSize,
    List<String> allowedValues,
    boolean filterable,
    boolean sortable,
    Object defaultValue,
    Source source,
    String inputName) {

  /** Where an attribute's value comes from when a record is created. */
  public enum Source {
    /** Managed by the engine: id, tenant, version and timestamps. */
    SYSTEM,
    /** Sent by the client (or defaulted). */
    INPUT,
    /** The acting user's id, never from the client ({@code created_by}, {@code author_id}). */
    ACTOR,
    /** A client-sent set that always also contains the acting user ({@code members}). */
    INPUT_WITH_ACTOR,
    /** The id of the parent record the create is nested under ({@code conversation_id}). */
    PARENT
  }

  public Attribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    allowedValues = List.copyOf(allowedValues);
    Objects.requireNonNull(source, "source");
    if (inputName == null) {
      inputName = name;
    }
    if (type == AttributeType.ENUM && allowedValues.isEmpty()) {
      throw new IllegalArgumentException(name + ": an enum needs allowed values");
    }
  }

  public static Attribute text(String name, int minLength, int maxLength) {
    return new Attribute(
        name,
        AttributeType.TEXT,
        false,
        minLength,
        maxLength,
        0,
        List.of(),
        false,
        false,
        null,
        Source.INPUT,
        null);
  }

  /** A user id (the {@code sub} of a token). */
  public static Attribute userId(String name) {
    return text(name, 1, 200);
  }

  public static Attribute enumeration(String name, String... values) {
    return new Attribute(
        name,
        AttributeType.ENUM,
        false,
        0,
        0,
        0,
        List.of(values),
        false,
        false,
        null,
        Source.INPUT,
        null);
  }

  public static Attribute uuid(String name) {
    return new Attribute(
        name,
        AttributeType.UUID,
        false,
        0,
        0,
        0,
        List.of(),
        false,
        false,
        null,
        Source.INPUT,
        null);
  }

  /** A set of user ids. */
  public static Attribute userIdSet(String name, int maxSize) {
    return new Attribute(
        name,
        AttributeType.TEXT_SET,
        false,
        1,
        200,
        maxSize,
        List.of(),
        false,
        false,
        null,
        Source.INPUT,
        null);
  }

  static Attribute system(String name, AttributeType type) {
    return new Attribute(
        name, type, false, 0, 0, 0, List.of(), false, false, null, Source.SYSTEM, null);
  }

  public Attribute optional() {
    return new Attribute(
        name,
        type,
        true,
        minLength,
        maxLength,
        maxSize,
        allowedValues,
        filterable,
        sortable,
        defaultValue,
        source,
        inputName);
  }

  public Attribute allowFilter() {
    return new Attribute(
        name,
        type,
        nullable,
        minLength,
        maxLength,
        maxSize,
        allowedValues,
        true,
        sortable,
        defaultValue,
        source,
        inputName);
  }

  public Attribute allowSort() {
    return new Attribute(
        name,
        type,
        nullable,
        minLength,
        maxLength,
        maxSize,
        allowedValues,
        filterable,
        true,
        defaultValue,
        source,
        inputName);
  }

  public Attribute filterableAndSortable() {
    return allowFilter().allowSort();
  }

  public Attribute defaultValue(Object value) {
    return new Attribute(
        name,
        type,
        nullable,
        minLength,
        maxLength,
        maxSize,
        allowedValues,
        filterable,
        sortable,
        value,
        source,
        inputName);
  }

  public Attribute from(Source newSource) {
    return new Attribute(
        name,
        type,
        nullable,
        minLength,
        maxLength,
        maxSize,
        allowedValues,
        filterable,
        sortable,
        defaultValue,
        newSource,
        inputName);
  }

  /** The acting user on create; clients cannot send it. */
  public Attribute fromActor() {
    return from(Source.ACTOR);
  }

  public Attribute inputName(String jsonName) {
    return new Attribute(
        name,
        type,
        nullable,
        minLength,
        maxLength,
        maxSize,
        allowedValues,
        filterable,
        sortable,
        defaultValue,
        source,
        jsonName);
  }

  /** Whether clients send this attribute on create. */
  public boolean isInput() {
    return source == Source.INPUT || source == Source.INPUT_WITH_ACTOR;
  }
}
