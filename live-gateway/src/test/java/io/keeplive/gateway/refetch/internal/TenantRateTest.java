package io.keeplive.gateway.refetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-tenant refetch rate as pure logic, on a clock the test moves. */
class TenantRateTest {

  private static final long MS = 1_000_000;
  private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
  // 100 a second: one every 10 ms, four at once from rest.
  private final TenantRate rate = TenantRate.of(100, 4, clock::get);

  private List<Long> reserve(String tenant, int times) {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      waits.add(rate.reserve(tenant) / MS);
    }
    return waits;
  }

  @Test
  void aTenantAtRestStartsABurstAtOnceAndThenOneEveryInterval() {
    assertThat(reserve("noisy", 7)).containsExactly(0L, 0L, 0L, 0L, 10L, 20L, 30L);
  }

  @Test
  void anotherTenantIsNotDelayedByTheNoisyOnesBacklog() {
    reserve("noisy", 50);

    assertThat(reserve("quiet", 1)).containsExactly(0L);
  }

  @Test
  void aTenantWithinTheRateNeverWaits() {
    for (int i = 0; i < 100; i++) {
      assertThat(rate.reserve("steady")).isZero();
      clock.addAndGet(10 * MS);
    }
  }

  @Test
  void theBurstComesBackAfterRestButNeverAccumulatesBeyondIt() {
    reserve("noisy", 8);
    clock.addAndGet(10_000 * MS);

    assertThat(reserve("noisy", 6)).containsExactly(0L, 0L, 0L, 0L, 10L, 20L);
  }

  @Test
  void tenantsAtRestAreForgottenSoTheMapHoldsOnlyBusyOnes() {
    for (int i = 0; i < 1_000; i++) {
      rate.reserve("tenant-" + i);
      clock.addAndGet(MS);
    }

    assertThat(rate.tenants()).isLessThan(100);
  }

  @Test
  void unlimitedNeverDelays() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(TenantRate.UNLIMITED.reserve("t")).isZero();
    }
  }

  @Test
  void aRateOrBurstBelowOneIsRefused() {
    assertThatThrownBy(() -> TenantRate.of(0, 1, clock::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TenantRate.of(10, 0, clock::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
