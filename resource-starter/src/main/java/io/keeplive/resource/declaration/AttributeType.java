package io.keeplive.resource.declaration;

/**
 * The value kinds an attribute can have; each maps to one Postgres column type and one JSON form.
 */
public enum AttributeType {
  /** {@code uuid}; JSON string. */
  UUID("uuid"),
  /** {@code text}; JSON string (user ids, titles, bodies). */
  TEXT("text"),
  /** {@code text} restricted to the declared values; JSON string. */
  ENUM("text"),
  /** {@code integer}; JSON number. */
  INTEGER("integer"),
  /** {@code timestamptz}; JSON ISO-8601 instant string. */
  TIMESTAMP("timestamptz"),
  /** {@code text[]} without duplicates (e.g. member user ids); JSON array of strings. */
  TEXT_SET("text[]");

  private final String sqlType;

  AttributeType(String sqlType) {
    this.sqlType = sqlType;
  }

  /** The Postgres type, used for explicit casts of bound parameters. */
  public String sqlType() {
    return sqlType;
  }
}
