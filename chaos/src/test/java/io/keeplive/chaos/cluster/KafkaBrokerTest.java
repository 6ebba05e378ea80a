package io.keeplive.chaos.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void aClusterIdNeverStartsWithADashWhichTheStorageToolWouldTakeForAnOption() {
    // 0xF8 puts Base64's index 62 first: '-' in the URL-safe alphabet.
    byte[] dash = new byte[16];
    dash[0] = (byte) 0xF8;
    byte[] plain = new byte[16];
    Arrays.fill(plain, (byte) 7);
    Deque<byte[]> draws = new ArrayDeque<>(List.of(dash, plain));

    String id = KafkaBroker.clusterId(draws::poll);

    assertThat(id).doesNotStartWith("-").hasSize(22);
    assertThat(draws).isEmpty();
  }
}
