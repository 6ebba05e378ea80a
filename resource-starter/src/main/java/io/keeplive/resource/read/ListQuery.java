package io.keeplive.resource.read;

import java.util.List;
import java.util.Objects;

/**
 * A validated list query: filters, sort and limit, all on declared attributes.
 *
 * @param filters conjunction of attribute filters
 * @param sort sort keys in order; the id is always the final tiebreaker
 * @param limit maximum rows, 1 to {@code MAX_LIMIT}
 */
public record ListQuery(List<Filter> filters, List<SortKey> sort, int limit) {

  /**
   * The attribute equals one of {@code values} (a null element matches a null attribute).
   *
   * @param attribute attribute name
   * @param values decoded values; one for equality, several for {@code in}
   */
  public record Filter(String attribute, List<Object> values) {
    public Filter {
      Objects.requireNonNull(attribute, "attribute");
      values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
  }

  /** One sort key; descending when written {@code -attribute}. */
  public record SortKey(String attribute, boolean descending) {
    public String wire() {
      return (descending ? "-" : "") + attribute;
    }
  }

  public ListQuery {
    filters = List.copyOf(filters);
    sort = List.copyOf(sort);
  }
}
