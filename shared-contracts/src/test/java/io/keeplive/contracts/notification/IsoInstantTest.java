package io.keeplive.contracts.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  @Test
  void writesWhatInstantToStringWritesForEveryPrecision() {
    SplittableRandom random = new SplittableRandom(27);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long second = random.nextLong(min, max + 1);
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(second, nano);
      assertThat(IsoInstant.format(instant)).as("%s", instant).isEqualTo(instant.toString());
    }
  }

  @Test
  void edgesOfTheFastRangeAndBeyondMatchToo() {
    for (String text :
        new String[] {
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999999Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "2026-11-27T13:45:00.000001Z",
          "2024-02-29T12:00:00.100Z",
          "-0001-12-31T23:59:59Z",
          "+10000-01-01T00:00:00Z"
        }) {
      Instant instant = Instant.parse(text);
      assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }
    assertThat(IsoInstant.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    assertThat(IsoInstant.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
  }
}
