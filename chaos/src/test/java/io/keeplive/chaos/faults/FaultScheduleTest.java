package io.keeplive.chaos.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

  private static final long NINETY_SECONDS = 90_000;

  @Test
  void theSameSeedAlwaysGivesTheSameSchedule() {
    assertThat(FaultSchedule.draw(42, NINETY_SECONDS))
        .isEqualTo(FaultSchedule.draw(42, NINETY_SECONDS));
    assertThat(FaultSchedule.draw(42, NINETY_SECONDS))
        .isNotEqualTo(FaultSchedule.draw(43, NINETY_SECONDS));
  }

  @Test
  void everyKindOfFaultOccursInTheNinetySecondProfile() {
    for (long seed : seeds()) {
      Set<Fault.Kind> kinds =
          FaultSchedule.draw(seed, NINETY_SECONDS).stream()
              .map(Fault::kind)
              .collect(Collectors.toSet());
      assertThat(kinds).as("seed %d", seed).isEqualTo(EnumSet.allOf(Fault.Kind.class));
    }
  }

  @Test
  void theFiveMinuteRunKillsEachKindOfService() {
    for (long seed : seeds()) {
      Set<String> killed =
          FaultSchedule.draw(seed, 300_000).stream()
              .filter(f -> f.kind() == Fault.Kind.KILL)
              .map(f -> f.target().substring(0, f.target().indexOf('-')))
              .collect(Collectors.toSet());
      assertThat(killed)
          .as("seed %d", seed)
          .containsExactlyInAnyOrder("gateway", "relay", "resource");
    }
  }

  @Test
  void noProcessHasTwoFaultsAtOnceAndAllHealBeforeTheQuietEnd() {
    for (long seed : seeds()) {
      List<Fault> faults = FaultSchedule.draw(seed, NINETY_SECONDS);
      for (Fault fault : faults) {
        assertThat(fault.startMillis()).isGreaterThanOrEqualTo(FaultSchedule.FIRST_FAULT_MILLIS);
        assertThat(fault.endMillis())
            .isLessThanOrEqualTo(NINETY_SECONDS - FaultSchedule.QUIET_END_MILLIS);
        for (Fault other : faults) {
          if (other != fault && other.target().equals(fault.target())) {
            assertThat(
                    other.startMillis() >= fault.endMillis()
                        || other.endMillis() <= fault.startMillis())
                .as("seed %d: %s and %s", seed, fault, other)
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void mostSchedulesOverlapTwoFaults() {
    long overlapping =
        LongStream.rangeClosed(1, 50)
            .filter(seed -> hasOverlap(FaultSchedule.draw(seed, NINETY_SECONDS)))
            .count();
    assertThat(overlapping).isGreaterThan(25);
  }

  private static boolean hasOverlap(List<Fault> faults) {
    for (Fault a : faults) {
      for (Fault b : faults) {
        if (a != b && a.startMillis() < b.endMillis() && b.startMillis() < a.endMillis()) {
          return true;
        }
      }
    }
    return false;
  }

  private static long[] seeds() {
    return LongStream.rangeClosed(1, 50).toArray();
  }
}
