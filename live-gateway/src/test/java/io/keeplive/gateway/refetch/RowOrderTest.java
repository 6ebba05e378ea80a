package io.keeplive.gateway.refetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Merging changed rows reproduces what reading the list again would give, or gives up. */
class RowOrderTest {

  private static final RowOrder NEWEST_FIRST =
      RowOrder.of(
              List.of(
                  new RowOrder.Key("updated_at", "timestamp", true),
                  new RowOrder.Key("id", "uuid", false)))
          .orElseThrow();

  private static Rows.Row row(String id, int second) {
    return new Rows.Row(
        id, "{\"id\":\"" + id + "\",\"updated_at\":\"2026-01-01T00:00:0" + second + "Z\"}");
  }

  private static List<String> ids(Optional<Rows> rows) {
    return rows.orElseThrow().rows().stream().map(Rows.Row::id).toList();
  }

  @Test
  void aNewRowGoesToItsPlaceAndTheLastRowOfAFullResultFallsOut() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2), row("a", 1)));

    assertThat(ids(NEWEST_FIRST.merge(last, Set.of("d"), List.of(row("d", 4)), 3)))
        .containsExactly("d", "c", "b");
  }

  @Test
  void aChangedRowMovesAndARemovedRowIsDroppedWhenTheResultWasNotFull() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2), row("a", 1)));

    assertThat(ids(NEWEST_FIRST.merge(last, Set.of("a", "c"), List.of(row("a", 5)), 10)))
        .containsExactly("a", "b");
  }

  @Test
  void aRowWhoseSortKeyCannotBeReadMakesTheMergeGiveUpInsteadOfFailing() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2), row("a", 1)));
    Rows.Row badTime = new Rows.Row("d", "{\"id\":\"d\",\"updated_at\":\"yesterday\"}");
    Rows.Row badId = new Rows.Row("e", "{\"id\":7,\"updated_at\":\"2026-01-01T00:00:05Z\"}");

    assertThat(NEWEST_FIRST.merge(last, Set.of("d"), List.of(badTime), 10)).isEmpty();
    assertThat(NEWEST_FIRST.merge(last, Set.of("d"), List.of(badTime), 3)).isEmpty();
    assertThat(NEWEST_FIRST.merge(last, Set.of("e"), List.of(badId), 10)).isEmpty();
    assertThat(NEWEST_FIRST.merge(Rows.of(List.of(badTime)), Set.of("a"), List.of(row("a", 1)), 5))
        .isEmpty();
  }

  @Test
  void aRowLeavingAFullResultCannotBeMergedBecauseTheNextRowIsUnknown() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2)));

    assertThat(NEWEST_FIRST.merge(last, Set.of("c"), List.of(), 2)).isEmpty();
  }

  @Test
  void aRowMovingBehindTheLastRowOfAFullResultCannotBeMerged() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2)));
    Rows.Row olderC = new Rows.Row("c", "{\"id\":\"c\",\"updated_at\":\"2025-01-01T00:00:00Z\"}");

    assertThat(NEWEST_FIRST.merge(last, Set.of("c"), List.of(olderC), 2)).isEmpty();
  }

  @Test
  void aMergeIntoAWindowWithNothingAfterItKnowsAllRowsAndSaysWhetherMoreFollowNow() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2))).window(false, null);

    // c left a full window: without has_more this would give up; with nothing after, it is exact.
    Optional<Rows> left = NEWEST_FIRST.merge(last, Set.of("c"), List.of(), 2);
    assertThat(ids(left)).containsExactly("b");
    assertThat(left.orElseThrow().hasMore()).isFalse();
    Optional<Rows> grew = NEWEST_FIRST.merge(last, Set.of("d"), List.of(row("d", 4)), 2);
    assertThat(ids(grew)).containsExactly("d", "c");
    assertThat(grew.orElseThrow().hasMore()).isTrue();
  }

  @Test
  void aWindowWithRowsAfterItStaysSoWhenOnlyItsOwnRowsChangedAndGivesUpOtherwise() {
    Rows last = Rows.of(List.of(row("c", 3), row("b", 2))).window(true, null);
    Rows.Row newerB = row("b", 4);

    Optional<Rows> moved = NEWEST_FIRST.merge(last, Set.of("b"), List.of(newerB), 2);
    assertThat(ids(moved)).containsExactly("b", "c");
    assertThat(moved.orElseThrow().hasMore()).isTrue();
    // "x" may have been the only row after the window, and it is gone: unknown without reading.
    assertThat(NEWEST_FIRST.merge(last, Set.of("b", "x"), List.of(newerB), 2)).isEmpty();
    Optional<Rows> pushedOut = NEWEST_FIRST.merge(last, Set.of("d"), List.of(row("d", 5)), 2);
    assertThat(ids(pushedOut)).containsExactly("d", "c");
    assertThat(pushedOut.orElseThrow().hasMore()).isTrue();
  }

  @Test
  void aChangeThatTouchesNoRowOfTheResultAndLeavesNothingVisibleKeepsTheResultItself() {
    Rows notFull = Rows.of(List.of(row("c", 3), row("b", 2), row("a", 1)));
    Rows full = Rows.of(List.of(row("c", 3), row("b", 2)));
    Rows endOfList = full.window(false, null);

    assertThat(NEWEST_FIRST.merge(notFull, Set.of("x"), List.of(), 10)).containsSame(notFull);
    assertThat(NEWEST_FIRST.merge(full, Set.of("x", "y"), List.of(), 2)).containsSame(full);
    assertThat(NEWEST_FIRST.merge(endOfList, Set.of("x"), List.of(), 2)).containsSame(endOfList);
    // Rows followed the window and "x" may have been the only one: has_more is unknown now.
    assertThat(NEWEST_FIRST.merge(full.window(true, null), Set.of("x"), List.of(), 2)).isEmpty();
    // Nothing is ordered, so a result with a row whose sort key cannot be read stays too.
    Rows.Row badTime = new Rows.Row("d", "{\"id\":\"d\",\"updated_at\":\"yesterday\"}");
    Rows unreadable = Rows.of(List.of(row("c", 3), badTime));
    assertThat(NEWEST_FIRST.merge(unreadable, Set.of("x"), List.of(), 10)).containsSame(unreadable);
    // A changed row of the result, or a visible one, is a real merge.
    assertThat(ids(NEWEST_FIRST.merge(notFull, Set.of("b"), List.of(), 10)))
        .containsExactly("c", "a");
    assertThat(ids(NEWEST_FIRST.merge(notFull, Set.of("x"), List.of(row("x", 9)), 10)))
        .containsExactly("x", "c", "b", "a");
  }

  @Test
  void tiesAreBrokenByIdAndNullsSortAsInPostgres() {
    RowOrder ascending =
        RowOrder.of(
                List.of(
                    new RowOrder.Key("n", "integer", false), new RowOrder.Key("id", "uuid", false)))
            .orElseThrow();
    Rows.Row nullN = new Rows.Row("0", "{\"id\":\"0\",\"n\":null}");
    Rows.Row one = new Rows.Row("b", "{\"id\":\"b\",\"n\":1}");
    Rows.Row oneToo = new Rows.Row("a", "{\"id\":\"a\",\"n\":1}");
    Rows.Row ten = new Rows.Row("c", "{\"id\":\"c\",\"n\":10}");

    assertThat(ids(ascending.merge(Rows.EMPTY, Set.of(), List.of(nullN, ten, one, oneToo), 10)))
        .as("ascending: nulls last, 10 after 1 (numbers, not text)")
        .containsExactly("a", "b", "c", "0");
  }

  @Test
  void textKeysHaveNoReproducibleOrder() {
    assertThat(RowOrder.of(List.of(new RowOrder.Key("status", "text", false)))).isEmpty();
    assertThat(RowOrder.of(List.of())).isEmpty();
  }
}
