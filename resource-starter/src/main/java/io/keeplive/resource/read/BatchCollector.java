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
 */
final class BatchCollector {

  /** One row of the statement: for {@code actor}, row {@code id}, in full when first seen. */
  record Hit(int actor, Object id, Map<String, Object> row) {}

  private final Budget budget;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private final Map<Object, Integer> indexOfId = new HashMap<>();
  private final List<List<Integer>> perActor;
  private long weight;

  BatchCollector(int actors, Budget budget) {
    this.budget = budget;
    this.perActor = new ArrayList<>(actors);
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
    Integer index = indexOfId.get(hit.id());
    if (index == null) {
      index = rows.size();
      indexOfId.put(hit.id(), index);
      rows.add(hit.row());
      weight += budget.rowWeight().applyAsLong(hit.row());
    }
    weight += budget.referenceWeight().applyAsLong(rows.get(index));
    if (weight > budget.limit()) {
      throw new Budget.Exceeded(budget.limit());
    }
    perActor.get(hit.actor()).add(index);
  }

  /** The batch; {@code changedOnly} tells which actors were answered only their changed rows. */
  Reads.Batch batch(IntPredicate changedOnly) {
    List<Boolean> flags = new ArrayList<>(perActor.size());
    for (int i = 0; i < perActor.size(); i++) {
      flags.add(changedOnly.test(i));
    }
    return new Reads.Batch(rows, perActor, flags);
  }
}
