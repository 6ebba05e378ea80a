package io.keeplive.resource.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A validated list query: filters, sort and limit, all on declared attributes.
 *
 * @param filters conjunction of attribute filters
 * @param sort sort keys in order; the id is always the final tiebreaker
 * @param limit maximum rows, 1 to {@code MAX_LIMIT}
 * @param window the keyset window (SPEC §4.2): the rows after {@code after}, up to {@code until}
 */
public record ListQuery(List<Filter> filters, List<SortKey> sort, int limit, Window window) {

  public ListQuery(List<Filter> filters, List<SortKey> sort, int limit) {
    this(filters, sort, limit, Window.NONE);
  }

  /**
   * The attribute equals one of {@code values} (a null element matches a null attribute).
   *
   * @param attribute attribute name
   * @param values decoded values; one for equality, several for {@code in}
   */
  public record Filter(String attribute, List<Object> values) {
    public Filter {
      Objects.requireNonNull(attribute, "attribute");
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  /** One sort key; descending when written {@code -attribute}. */
  public record SortKey(String attribute, boolean descending) {
    public String wire() {
      return (descending ? "-" : "") + attribute;
    }
  }

  /**
   * The place of one row in this query's order: its values of the sort keys (decoded, in sort
   * order) and its id, read from a cursor whose canonical text is {@code cursor}.
   */
  public record Position(List<Object> values, UUID id, String cursor) {
    public Position {
      values = Collections.unmodifiableList(new ArrayList<>(values));
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(cursor, "cursor");
    }
  }

  /**
   * Rows strictly after {@code after} (null: from the start) and up to and including {@code until}
   * (null: the first {@code limit} rows).
   */
  public record Window(Position after, Position until) {
    public static final Window NONE = new Window(null, null);

    public boolean isNone() {
      return after == null && until == null;
    }
  }

  public ListQuery {
    filters = List.copyOf(filters);
    sort = List.copyOf(sort);
    Objects.requireNonNull(window, "window");
  }

  /** The sort keys as the wire writes them ({@code -updated_at}), as cursors carry them. */
  public List<String> sortWire() {
    return sort.stream().map(SortKey::wire).toList();
  }

  /** This query with another window. */
  public ListQuery withWindow(Window other) {
    return new ListQuery(filters, sort, limit, other);
  }
}
