package io.keeplive.relay.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class WakeupHintTest {

  private final Wakeup wakeup = new Wakeup();

  @Test
  void aSignalThatCameWhileNobodyWaitedEndsTheNextWaitWithItsShards() throws Exception {
    wakeup.signal(3);
    wakeup.signal(17);

    Wakeup.Hint hint = wakeup.await(Duration.ofMinutes(1));

    assertThat(hint.everything()).isFalse();
    assertThat(hint.shards().stream().boxed()).containsExactly(3, 17);
    assertThat(wakeup.poll().isEmpty()).as("consumed").isTrue();
  }

  @Test
  void aWaitThatRanOutMeansEverythingThePollFallback() throws Exception {
    assertThat(wakeup.await(Duration.ofMillis(1)).everything()).isTrue();
  }

  @Test
  void anUntargetedSignalOutweighsShards() throws Exception {
    wakeup.signal(5);
    wakeup.signal();

    assertThat(wakeup.await(Duration.ofMinutes(1)).everything()).isTrue();
  }

  @Test
  void pollNeverWaitsAndReturnsNothingWhenNothingCame() {
    assertThat(wakeup.poll().isEmpty()).isTrue();
    wakeup.signal(9);
    assertThat(wakeup.poll().shards().get(9)).isTrue();
  }

  @Test
  void hintsCombine() {
    BitSet a = new BitSet();
    a.set(1);
    BitSet b = new BitSet();
    b.set(2);
    Wakeup.Hint both = new Wakeup.Hint(false, a).and(new Wakeup.Hint(false, b));
    assertThat(both.shards().stream().boxed()).containsExactly(1, 2);
    assertThat(both.and(Wakeup.Hint.EVERYTHING).everything()).isTrue();
    assertThat(a.stream().boxed()).as("inputs untouched").containsExactly(1);
  }

  @Test
  void onlyShardNumbersNameAShard() {
    assertThat(NotifyListener.shardOf("0")).isZero();
    assertThat(NotifyListener.shardOf("63")).isEqualTo(63);
    assertThat(NotifyListener.shardOf("64")).isEqualTo(-1);
    assertThat(NotifyListener.shardOf("-1")).isEqualTo(-1);
    assertThat(NotifyListener.shardOf("")).isEqualTo(-1);
    assertThat(NotifyListener.shardOf(null)).isEqualTo(-1);
    assertThat(NotifyListener.shardOf("tickets")).isEqualTo(-1);
  }
}
