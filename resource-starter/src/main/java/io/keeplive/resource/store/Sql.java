package io.keeplive.resource.store;

import io.keeplive.resource.declaration.AttributeType;
import io.r2dbc.spi.Parameters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * One SQL statement under construction: text with {@code $n} placeholders and the values bound to
 * them. Every value from outside goes through {@link #param}; identifiers come only from
 * declarations, never from requests.
 */
public final class Sql {

  private final StringBuilder text = new StringBuilder();
  private final List<Object> values = new ArrayList<>();
  private final List<Class<?>> types = new ArrayList<>();
  private int aliases;

  public Sql append(String fragment) {
    text.append(fragment);
    return this;
  }

  /** Binds a value of an attribute type and returns its placeholder, cast to the column type. */
  public String param(Object value, AttributeType type) {
    values.add(toDatabase(value));
    types.add(javaType(type));
    return "$" + values.size() + "::" + type.sqlType();
  }

  /** Binds a {@code text[]}. */
  public String textArray(List<String> elements) {
    values.add(elements.toArray(String[]::new));
    types.add(String[].class);
    return "$" + values.size() + "::text[]";
  }

  /** Binds a {@code boolean[]}. */
  public String booleanArray(List<Boolean> elements) {
    values.add(elements.toArray(Boolean[]::new));
    types.add(Boolean[].class);
    return "$" + values.size() + "::boolean[]";
  }

  /**
   * A PostgreSQL array literal of {@code elements}, every element quoted: an element may contain
   * commas, braces, quotes or backslashes and still arrive as exactly one element (bind it as text
   * and cast it to {@code text[]} in SQL).
   */
  public static String arrayLiteral(List<String> elements) {
    StringBuilder literal = new StringBuilder("{");
    for (int i = 0; i < elements.size(); i++) {
      literal.append(i == 0 ? "\"" : ",\"");
      String element = elements.get(i);
      for (int c = 0; c < element.length(); c++) {
        char ch = element.charAt(c);
        if (ch == '"' || ch == '\\') {
          literal.append('\\');
        }
        literal.append(ch);
      }
      literal.append('"');
    }
    return literal.append('}').toString();
  }

  /** A fresh table alias for subqueries. */
  public String alias(String prefix) {
    return prefix + (++aliases);
  }

  public String text() {
    return text.toString();
  }

  public int parameterCount() {
    return values.size();
  }

  /**
   * The same statement under {@code EXPLAIN (options)}, same parameters: how PostgreSQL plans it
   * (plan checks in tests, and by hand when a read is slow).
   */
  public Sql explain(String options) {
    Sql explained = new Sql();
    explained.text.append("EXPLAIN (").append(options).append(") ").append(text);
    explained.values.addAll(values);
    explained.types.addAll(types);
    return explained;
  }

  /** The statement ready to run on a client (inside the caller's transaction, if any). */
  public DatabaseClient.GenericExecuteSpec on(DatabaseClient client) {
    // All at once: each bind(i, v) copies the spec's bindings, which is quadratic in the number of
    // parameters (a batch refetch of 1000 actors binds 4000).
    List<Object> bound = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      bound.add(value == null ? Parameters.in(types.get(i)) : value);
    }
    return client.sql(text.toString()).bindValues(bound);
  }

  @Override
  public String toString() {
    return text.toString();
  }

  private static Object toDatabase(Object value) {
    if (value instanceof Instant instant) {
      return instant.atOffset(ZoneOffset.UTC);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toArray(String[]::new);
    }
    return value;
  }

  private static Class<?> javaType(AttributeType type) {
    return switch (type) {
      case UUID -> UUID.class;
      case TEXT, ENUM -> String.class;
      case INTEGER -> Integer.class;
      case TIMESTAMP -> OffsetDateTime.class;
      case TEXT_SET -> String[].class;
    };
  }
}
