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
    return of(name, AttributeType.TEXT).lengths(minLength, maxLength).build();
  }

  /** A user id (the {@code sub} of a token). */
  public static Attribute userId(String name) {
    return text(name, 1, 200);
  }

  public static Attribute enumeration(String name, String... values) {
    Copy copy = of(name, AttributeType.ENUM);
    copy.allowedValues = List.of(values);
    return copy.build();
  }

  public static Attribute uuid(String name) {
    return of(name, AttributeType.UUID).build();
  }

  /** A set of user ids. */
  public static Attribute userIdSet(String name, int maxSize) {
    Copy copy = of(name, AttributeType.TEXT_SET).lengths(1, 200);
    copy.maxSize = maxSize;
    return copy.build();
  }

  static Attribute system(String name, AttributeType type) {
    Copy copy = of(name, type);
    copy.source = Source.SYSTEM;
    return copy.build();
  }

  public Attribute optional() {
    Copy copy = copy();
    copy.nullable = true;
    return copy.build();
  }

  public Attribute allowFilter() {
    Copy copy = copy();
    copy.filterable = true;
    return copy.build();
  }

  public Attribute allowSort() {
    Copy copy = copy();
    copy.sortable = true;
    return copy.build();
  }

  public Attribute filterableAndSortable() {
    return allowFilter().allowSort();
  }

  public Attribute defaultValue(Object value) {
    Copy copy = copy();
    copy.defaultValue = value;
    return copy.build();
  }

  public Attribute from(Source newSource) {
    Copy copy = copy();
    copy.source = newSource;
    return copy.build();
  }

  /** The acting user on create; clients cannot send it. */
  public Attribute fromActor() {
    return from(Source.ACTOR);
  }

  public Attribute inputName(String jsonName) {
    Copy copy = copy();
    copy.inputName = jsonName;
    return copy.build();
  }

  /** A client-sent, non-null attribute with no constraints yet. */
  private static Copy of(String name, AttributeType type) {
    Copy copy = new Copy();
    copy.name = name;
    copy.type = type;
    copy.allowedValues = List.of();
    copy.source = Source.INPUT;
    return copy;
  }

  /** This attribute's fields, to change one and build the changed attribute. */
  private Copy copy() {
    Copy copy = new Copy();
    copy.name = name;
    copy.type = type;
    copy.nullable = nullable;
    copy.minLength = minLength;
    copy.maxLength = maxLength;
    copy.maxSize = maxSize;
    copy.allowedValues = allowedValues;
    copy.filterable = filterable;
    copy.sortable = sortable;
    copy.defaultValue = defaultValue;
    copy.source = source;
    copy.inputName = inputName;
    return copy;
  }

  /**
   * The one place that lists every field: the "with" methods above change one field of a copy, so
   * adding a field means touching only this class's record header, {@link #copy} and {@link
   * #build}.
   */
  private static final class Copy {
    private String name;
    private AttributeType type;
    private boolean nullable;
    private int minLength;
    private int maxLength;
    private int maxSize;
    private List<String> allowedValues;
    private boolean filterable;
    private boolean sortable;
    private Object defaultValue;
    private Source source;
    private String inputName;

    Copy lengths(int min, int max) {
      minLength = min;
      maxLength = max;
      return this;
    }

    Attribute build() {
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
          inputName);
    }
  }

  /** Whether clients send this attribute on create. */
  public boolean isInput() {
    return source == Source.INPUT || source == Source.INPUT_WITH_ACTOR;
  }
}
