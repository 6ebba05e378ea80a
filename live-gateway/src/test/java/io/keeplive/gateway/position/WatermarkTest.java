package io.keeplive.gateway.position;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkTest {

  private final Watermark watermark = new Watermark();

  @Test
  void aConsumedNotificationThatNobodyOwesMovesTheValueAtOnce() {
    watermark.consumed(7);

    assertThat(watermark.value()).isEqualTo(7);
    assertThat(watermark.consumed()).isEqualTo(7);
  }

  @Test
  void theValueStaysBelowAnOwedPositionUntilEveryCohortOwingItReleasedIt() {
    watermark.owe(10);
    watermark.owe(10);
    watermark.consumed(10);
    assertThat(watermark.value()).isEqualTo(9);

    watermark.release(10);
    assertThat(watermark.value()).as("one of two cohorts still owes 10").isEqualTo(9);

    watermark.release(10);
    assertThat(watermark.value()).isEqualTo(10);
  }

  @Test
  void positionsAreNotContiguousSoALaterOwedPositionHoldsTheValueAtTheConsumedOneBelowIt() {
    watermark.consumed(3);
    watermark.owe(41);
    watermark.consumed(41);
    watermark.consumed(57);

    assertThat(watermark.value()).isEqualTo(40);
    watermark.release(41);
    assertThat(watermark.value()).isEqualTo(57);
  }

  @Test
  void aDuplicateIsNotNewAndNeverMovesTheValueBack() {
    watermark.consumed(20);
    assertThat(watermark.isNew(20)).isFalse();
    assertThat(watermark.isNew(12)).isFalse();
    assertThat(watermark.isNew(21)).isTrue();

    watermark.consumed(12);
    assertThat(watermark.value()).isEqualTo(20);
  }

  @Test
  void anOwedPositionAboveEverythingConsumedDoesNotLowerTheValue() {
    watermark.consumed(20);
    // What a gap owes: the next position, until every view was read again.
    watermark.owe(21);

    assertThat(watermark.value()).isEqualTo(20);
    watermark.consumed(30);
    assertThat(watermark.value()).isEqualTo(20);
    watermark.release(21);
    assertThat(watermark.value()).isEqualTo(30);
  }

  @Test
  void aWaiterRunsOnceTheValueReachesItsPositionAndNotBefore() {
    List<String> ran = new ArrayList<>();
    watermark.owe(5);
    watermark.consumed(5);

    assertThat(watermark.await(5, () -> ran.add("five"))).isNotNull();
    assertThat(watermark.await(4, () -> ran.add("four"))).as("already reached").isNull();
    assertThat(ran).containsExactly("four");

    watermark.consumed(9);
    assertThat(ran).containsExactly("four");
    watermark.release(5);
    assertThat(ran).containsExactly("four", "five");
    assertThat(watermark.waiting()).isZero();
  }

  @Test
  void aCancelledWaiterNeverRuns() {
    List<String> ran = new ArrayList<>();
    Watermark.Waiting waiting = watermark.await(3, () -> ran.add("three"));

    waiting.cancel();
    watermark.consumed(3);

    assertThat(ran).isEmpty();
    assertThat(watermark.waiting()).isZero();
  }

  @Test
  void releasingWhatIsNotOwedChangesNothing() {
    watermark.owe(4);
    watermark.consumed(6);

    watermark.release(5);
    watermark.release(0);

    assertThat(watermark.value()).isEqualTo(3);
  }
}
