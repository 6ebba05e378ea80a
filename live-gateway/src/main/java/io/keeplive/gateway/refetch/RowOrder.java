package io.keeplive.gateway.refetch;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order of a list's rows as resource-service sorts them, reproduced from the rows' JSON, so
 * that changed rows can be merged into a result without reading the list again.
 *
 * <p>resource-service gives it in the plan only for keys whose order is exact outside the database
 * (timestamps, integers, uuids; text follows a collation). Nulls sort as in PostgreSQL: last when
 * ascending, first when descending.
 *
 * <p>Merging (docs/architecture.md, "Merging changed rows"): a result R is the first {@code limit}
 * rows of S, the rows the user may see that match the filter. Changed rows C were read again, as
 * the user, and those now in S came back as V. The new S is S without C, plus V. If R was not full,
 * R was all of S, so the new result is R without C plus V, sorted and cut to the limit. If R was
 * full, rows of S not in R all sort after R's last row w; so every row of R without C, plus V, that
 * sorts no later than w is certainly in the new result, and if there are at least {@code limit} of
 * them they are it. Otherwise (a row left a full result, or moved behind w) rows after w may be
 * needed: the merge gives up and the caller reads the list.
 *
 * <p>Whether rows follow the result ({@code has_more}, SPEC §4.2) comes along: when none followed
 * R, R was all of S and the merge is all of the new S; when some did, some still do if the merge
 * has more than {@code limit} rows or every changed row was in R (the rows after R are unchanged);
 * otherwise the merge gives up. The cursor of the last row is added by the caller.
 */
public final class RowOrder implements Comparator<Rows.Row> {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * One sort key: attribute, type ({@code timestamp}, {@code integer}, {@code uuid}), direction.
   */
  public record Key(String attribute, String type, boolean descending) {}

  private final List<Key> keys;

  private RowOrder(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  /** An order over these keys, or empty when a key has a type whose order is not reproducible. */
  public static Optional<RowOrder> of(List<Key> keys) {
    if (keys.isEmpty()
        || keys.stream()
            .anyMatch(k -> !Set.of("timestamp", "integer", "uuid").contains(k.type()))) {
      return Optional.empty();
    }
    return Optional.of(new RowOrder(keys));
  }

  public List<Key> keys() {
    return keys;
  }

  @Override
  public int compare(Rows.Row a, Rows.Row b) {
    Comparable<?>[] x = sortKey(a);
    Comparable<?>[] y = sortKey(b);
    for (int i = 0; i < keys.size(); i++) {
      int c = compareValues(x[i], y[i]);
      if (c != 0) {
        return keys.get(i).descending() ? -c : c;
      }
    }
    return 0;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(Comparable a, Comparable b) {
    if (a == Unreadable.VALUE || b == Unreadable.VALUE) {
      // Only for sorting outside merge (which gives up first): never throw, sort such rows last.
      return a == b ? 0 : a == Unreadable.VALUE ? 1 : -1;
    }
    if (a == null || b == null) {
      // NULLS LAST ascending, NULLS FIRST descending: null is the largest value.
      return a == b ? 0 : a == null ? 1 : -1;
    }
    return a.compareTo(b);
  }

  private Comparable<?>[] sortKey(Rows.Row row) {
    Comparable<?>[] cached = row.sortKey(this);
    if (cached != null) {
      return cached;
    }
    Comparable<?>[] key = new Comparable<?>[keys.size()];
    JsonNode object;
    try {
      object = JSON.readTree(row.json());
    } catch (JacksonException e) {
      object = null;
    }
    for (int i = 0; i < keys.size(); i++) {
      JsonNode value = object == null ? null : object.get(keys.get(i).attribute());
      key[i] = value == null || value.isNull() ? null : valueOf(keys.get(i).type(), value);
    }
    row.sortKey(this, key);
    return key;
  }

  /** A sort key value that is not of its key's type: no order can be claimed for its row. */
  private enum Unreadable {
    VALUE
  }

  private static Comparable<?> valueOf(String type, JsonNode value) {
    try {
      return switch (type) {
        case "timestamp" -> value.isString() ? Instant.parse(value.asString()) : Unreadable.VALUE;
        case "integer" -> value.isIntegralNumber() ? value.asLong() : Unreadable.VALUE;
        // Canonical lowercase hex: string order is the byte order PostgreSQL sorts uuids by.
        default -> value.isString() ? value.asString().toLowerCase(Locale.ROOT) : Unreadable.VALUE;
      };
    } catch (DateTimeParseException e) {
      return Unreadable.VALUE;
    }
  }

  private boolean allReadable(List<Rows.Row> rows) {
    for (Rows.Row row : rows) {
      for (Comparable<?> value : sortKey(row)) {
        if (value == Unreadable.VALUE) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The result after the rows {@code changedIds} changed and, of those, {@code visible} are (still)
   * in the user's set; empty when that cannot be known without reading the list.
   */
  public Optional<Rows> merge(
      Rows last, Collection<String> changedIds, List<Rows.Row> visible, int limit) {
    if (visible.isEmpty() && !Boolean.TRUE.equals(last.hasMore()) && noneIn(last, changedIds)) {
      // Most cohorts of a notification (e.g. every other agent's own list) neither hold a changed
      // row nor see one now: R without C plus V is R, and with no rows after R none can move in.
      // No order is computed (so none need be readable); the very result object comes back, so the
      // cohort knows there is nothing to publish.
      return Optional.of(last);
    }
    // A row whose sort key does not parse as its type has no place this class can compute.
    if (!allReadable(last.rows()) || !allReadable(visible)) {
      return Optional.empty();
    }
    List<Rows.Row> merged = new ArrayList<>(last.size() + visible.size());
    for (Rows.Row row : last.rows()) {
      if (!changedIds.contains(row.id())) {
        merged.add(row);
      }
    }
    merged.addAll(visible);
    merged.sort(this);
    Boolean more = last.hasMore();
    if (last.size() < limit || Boolean.FALSE.equals(more)) {
      // R was all of S, so the merge is all of the new S.
      List<Rows.Row> result = merged.subList(0, Math.min(limit, merged.size()));
      return Optional.of(windowOf(result, more == null ? null : merged.size() > limit));
    }
    Rows.Row boundary = last.rows().get(last.size() - 1);
    int certain = 0;
    while (certain < merged.size() && compare(merged.get(certain), boundary) <= 0) {
      certain++;
    }
    if (certain < limit) {
      return Optional.empty();
    }
    if (more == null || merged.size() > limit) {
      return Optional.of(windowOf(merged.subList(0, limit), more == null ? null : true));
    }
    // Rows followed R. They are still there if none of them changed, i.e. every changed row was in
    // R; otherwise whether any is left is unknown without reading.
    Set<String> inLast = new HashSet<>();
    last.rows().forEach(row -> inLast.add(row.id()));
    if (!inLast.containsAll(changedIds)) {
      return Optional.empty();
    }
    return Optional.of(windowOf(merged.subList(0, limit), true));
  }

  private static boolean noneIn(Rows last, Collection<String> changedIds) {
    for (String id : changedIds) {
      if (last.byId().containsKey(id)) {
        return false;
      }
    }
    return true;
  }

  private static Rows windowOf(List<Rows.Row> rows, Boolean more) {
    Rows result = Rows.of(rows);
    return more == null ? result : result.window(more, null);
  }
}
