package io.keeplive.resource.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Gathers the rows of the batch statement into a {@link Reads.Batch}: each distinct row once, and
 * per actor the indexes of its rows in statement order, weighing them against a {@link Budget} as
 * they arrive. Used by one subscriber of one statement, so not thread-safe.
 *
 * <p>The statement reads one row past each actor's window ({@link ListSql}, look-ahead): an actor's
 * window is its leading in-window rows, at most {@code limit}; a row beyond them only tells that
 * more follow. Such a row is never part of the answer (unless another actor's window holds it).
 */
final class BatchCollector {

  /**
   * One row of the statement: for {@code actor}, row {@code id}, in full when first seen, and
   * whether it lies inside the actor's window.
   */
  record Hit(int actor, Object id, Map<String, Object> row, boolean inWindow) {}

  private final Budget budget;
  private final int limit;
  private final IntPredicate changedOnly;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final Map<Object, Integer> indexOfId = new HashMap<>();
  // Rows decoded for their first actor but not (yet) in any window.
  private final Map<Object, Map<String, Object>> decoded = new HashMap<>();
  private final List<List<Integer>> perActor;
  private final boolean[] hasMore;
  private long weight;

  /**
   * @param changedOnly the actors answered only their changed rows: no window, no look-ahead
   */
  BatchCollector(int actors, int limit, IntPredicate changedOnly, Budget budget) {
    this.budget = budget;
    this.limit = limit;
    this.changedOnly = changedOnly;
    this.perActor = new ArrayList<>(actors);
    this.hasMore = new boolean[actors];
    for (int i = 0; i < actors; i++) {
      perActor.add(new ArrayList<>());
    }
  }

  /**
   * @throws Budget.Exceeded when this hit makes the batch outweigh its budget
   */
  void add(Hit hit) {
    if (hit.id() == null) {
      return;
    }
    if (hit.row() != null && !indexOfId.containsKey(hit.id())) {
      decoded.put(hit.id(), hit.row());
    }
    List<Integer> mine = perActor.get(hit.actor());
    if (!changedOnly.test(hit.actor()) && (!hit.inWindow() || mine.size() >= limit)) {
      hasMore[hit.actor()] = true;
      return;
    }
    Integer index = indexOfId.get(hit.id());
    if (index == null) {
      index = rows.size();
      indexOfId.put(hit.id(), index);
      Map<String, Object> row = decoded.remove(hit.id());
      rows.add(row);
      weight += budget.rowWeight().applyAsLong(row);
    }
    weight += budget.referenceWeight().applyAsLong(rows.get(index));
    if (weight > budget.limit()) {
      throw new Budget.Exceeded(budget.limit());
    }
    mine.add(index);
  }

  /** The batch. */
  Reads.Batch batch() {
    List<Boolean> flags = new ArrayList<>(perActor.size());
    List<Boolean> more = new ArrayList<>(perActor.size());
    for (int i = 0; i < perActor.size(); i++) {
      flags.add(changedOnly.test(i));
      more.add(!changedOnly.test(i) && hasMore[i]);
    }
    return new Reads.Batch(rows, perActor, flags, more);
  }
}
