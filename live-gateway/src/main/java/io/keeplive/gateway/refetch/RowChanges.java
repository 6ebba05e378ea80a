package io.keeplive.gateway.refetch;

import io.keeplive.gateway.protocol.RowFrame;
import io.keeplive.gateway.protocol.ServerMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stream-mode row changes from one result of a cohort to the next, computed once for all its
 * members. Every member of a cohort gets the same old and new result, so diffing them per session
 * (50 rows compared by JSON, the changed rows encoded) was the same work ~55 times over
 * (docs/benchmarks/profile.md). A member may take these changes only when its view <em>is</em> the
 * cohort's previous result ({@link #startFrom}); any other member (its view came from another
 * cohort, or an earlier equal result was kept) diffs its own view with {@link #between}.
 *
 * <p>Computed on first use, under the cohort's lock (every delivery of a result happens under it),
 * so a cohort whose members are all in refetch mode never diffs.
 */
public final class RowChanges {

  /**
   * One row message's shared parts: {@code type}, the row's JSON and its UTF-8 length, and the
   * frame's encoded tail ({@link RowFrame#tail}).
   */
  public record Change(String type, String rowJson, long rowBytes, byte[] tail) {

    static Change of(String type, String rowJson, long at) {
      return new Change(
          type, rowJson, ServerMessages.utf8Length(rowJson), RowFrame.tail(rowJson, at));
    }
  }

  private final Rows before;
  private final Rows after;
  private final long at;
  private List<Change> changes;

  /**
   * @param at the tenant position of {@code after}, carried by every change (SPEC §4.1)
   */
  public RowChanges(Rows before, Rows after, long at) {
    this.before = before;
    this.after = after;
    this.at = at;
  }

  /** Whether these are the changes from {@code view} (the very result object, not an equal one). */
  public boolean startFrom(Rows view) {
    return view != null && view == before;
  }

  /** The changes, computed on the first call. */
  public List<Change> list() {
    List<Change> list = changes;
    if (list == null) {
      list = between(before, after, at);
      changes = list;
    }
    return list;
  }

  /** The row messages from {@code before} to {@code after}: deletes first, then in order. */
  public static List<Change> between(Rows before, Rows after, long at) {
    List<Change> list = new ArrayList<>();
    Map<String, String> old = before.byId();
    Map<String, String> now = after.byId();
    for (String id : old.keySet()) {
      if (!now.containsKey(id)) {
        list.add(Change.of("delete", ServerMessages.deletedRow(id), at));
      }
    }
    for (Rows.Row row : after.rows()) {
      String previous = old.get(row.id());
      if (previous == null) {
        list.add(Change.of("insert", row.json(), at));
      } else if (!previous.equals(row.json())) {
        list.add(Change.of("update", row.json(), at));
      }
    }
    return List.copyOf(list);
  }
}
