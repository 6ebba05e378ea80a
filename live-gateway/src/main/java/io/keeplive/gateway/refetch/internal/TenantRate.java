package io.keeplive.gateway.refetch.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} refetch starts a second per tenant, after a burst of {@code burst} from
 * rest: each start reserves the tenant's next time slot ({@code 1/perSecond} apart) and is told how
 * long to wait for it (a generic cell rate algorithm that never refuses, only delays).
 *
 * <p>Why a rate besides the budgets in flight: a refetch is CPU in the gateway, in resource-service
 * and in PostgreSQL. A tenant whose many queries are all hit by every write refetches each of them
 * per write (20 writes/s × 32 queries = 640 refetches/s in the fairness benchmark); the budgets in
 * flight only queue those, and the CPU they cost is still taken from every other tenant. Delayed, a
 * query's refetch folds every notification that arrives meanwhile into itself, so the noisy tenant
 * pays with latency (its views still converge: nothing is dropped, only merged) and the others keep
 * theirs. A tenant within the rate never waits.
 *
 * <p>Thread-safe; the clock is a parameter so that tests drive it.
 */
public final class TenantRate {

  /** No rate limit: every start is at once. */
  public static final TenantRate UNLIMITED = new TenantRate(0, 0, () -> 0);

  private final long intervalNanos;
  private final long burstNanos;
  private final LongSupplier nanoClock;
  // Guarded by this: per tenant, the start time its next refetch may have (theoretical arrival).
  private final Map<String, Long> next = new HashMap<>();
  private int sizeAtLastSweep = 16;

  private TenantRate(long intervalNanos, long burstNanos, LongSupplier nanoClock) {
    this.intervalNanos = intervalNanos;
    this.burstNanos = burstNanos;
    this.nanoClock = nanoClock;
  }

  /** {@code perSecond} starts a second per tenant, {@code burst} of them at once from rest. */
  public static TenantRate of(double perSecond, int burst, LongSupplier nanoClock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    long interval = Math.max(1, Math.round(1e9 / perSecond));
    // A tenant at rest may start its next at now - burstNanos: burst slots up to now inclusive.
    return new TenantRate(interval, interval * (burst - 1), nanoClock);
  }

  /**
   * Reserves a start for {@code tenant}: returns how many nanoseconds to wait for it (0: start
   * now). The reservation is made whatever the caller does with it.
   */
  public long reserve(String tenant) {
    if (intervalNanos == 0) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    synchronized (this) {
      Long reserved = next.get(tenant);
      long slot = reserved == null ? now - burstNanos : Math.max(reserved, now - burstNanos);
      next.put(tenant, slot + intervalNanos);
      if (next.size() > 2 * sizeAtLastSweep) {
        sweep(now);
      }
      return Math.max(0, slot - now);
    }
  }

  // Guarded by this. A tenant whose next slot lies a burst in the past is the same as an unknown
  // one: forgetting it keeps the map at the number of recently busy tenants.
  private void sweep(long now) {
    next.values().removeIf(slot -> slot - (now - burstNanos) <= 0);
    sizeAtLastSweep = Math.max(16, next.size());
  }

  /** Tenants remembered (for tests). */
  synchronized int tenants() {
    return next.size();
  }
}
