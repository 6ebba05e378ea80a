package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchDeferral;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Per-tenant budgets for refetches in flight: at most {@code perTenant} refetches of one tenant and
 * {@code total} of all tenants run at once; when slots free up, the tenants with refetches waiting
 * take turns (round robin), one refetch each per turn.
 *
 * <p>Why: behind the gateway, every tenant's refetches share one queue, the live API's connection
 * pool in resource-service (and the CPU behind it), served first come, first served. Without a
 * budget a tenant with many queries and a burst of writes puts all of them in that queue at once,
 * and every other tenant's refetch waits behind them. With it, one tenant holds at most {@code
 * perTenant} places there, and a quiet tenant's refetch waits for at most one turn of the tenants
 * that have work waiting. A deferred refetch is not lost: its group stays dirty, keeps folding new
 * notifications into the refetch it will run (so a noisy tenant's backlog costs fewer refetches,
 * not more), and is started as soon as its tenant's turn comes.
 *
 * <p>A slot is one refetch of one query group, whatever number of calls it makes. Tasks are run
 * outside this object's lock, on the thread that acquired or released.
 */
public final class RefetchSlots {

  /** No budget: every refetch starts at once (the budgets switched off). */
  public static RefetchSlots unlimited() {
    return new RefetchSlots(Integer.MAX_VALUE, Integer.MAX_VALUE, GatewayListener.NONE);
  }

  private final int total;
  private final int perTenant;
  private final TenantRate rate;
  private final GatewayListener listener;

  // Guarded by this.
  private int inFlight;
  private final Map<String, Integer> inFlightOf = new HashMap<>();
  private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
  // Tenants with a refetch waiting and a slot of their own budget free, in turn order; a tenant at
  // its budget is out of the turn until one of its refetches ends.
  private final LinkedHashSet<String> turns = new LinkedHashSet<>();

  public RefetchSlots(int total, int perTenant, GatewayListener listener) {
    this(total, perTenant, TenantRate.UNLIMITED, listener);
  }

  /** The budgets in flight, and {@code rate} for how often a tenant's refetches may start. */
  public RefetchSlots(int total, int perTenant, TenantRate rate, GatewayListener listener) {
    if (total < 1 || perTenant < 1) {
      throw new IllegalArgumentException("budgets must be at least 1");
    }
    this.total = total;
    this.perTenant = perTenant;
    this.rate = rate;
    this.listener = listener;
  }

  /**
   * Reserves a start within the tenant's rate: returns how long (nanoseconds) the refetch must wait
   * before it {@link #acquire asks for a slot}; 0 means at once.
   */
  public long pace(String tenant) {
    long wait = rate.reserve(tenant);
    if (wait > 0) {
      listener.refetchDeferred(RefetchDeferral.TENANT_RATE);
    }
    return wait;
  }

  /**
   * Runs {@code refetch} now if both budgets allow it, otherwise as soon as its tenant's turn
   * comes. Whoever runs it must {@link #release} the tenant's slot when the refetch is over.
   */
  public void acquire(String tenant, Runnable refetch) {
    RefetchDeferral deferral;
    synchronized (this) {
      int own = inFlightOf.getOrDefault(tenant, 0);
      if (own < perTenant && inFlight < total) {
        take(tenant);
        deferral = null;
      } else {
        ArrayDeque<Runnable> queue = waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        queue.add(refetch);
        deferral = own >= perTenant ? RefetchDeferral.TENANT_BUDGET : RefetchDeferral.TOTAL_BUDGET;
        if (own < perTenant) {
          turns.add(tenant);
        }
      }
    }
    if (deferral == null) {
      refetch.run();
    } else {
      listener.refetchDeferred(deferral);
    }
  }

  /** A refetch of {@code tenant} is over: its slot goes to the next tenant in turn. */
  public void release(String tenant) {
    List<Runnable> granted = new ArrayList<>(1);
    synchronized (this) {
      int own = inFlightOf.merge(tenant, -1, Integer::sum);
      if (own <= 0) {
        inFlightOf.remove(tenant);
      }
      inFlight--;
      if (waiting.containsKey(tenant)) {
        turns.add(tenant);
      }
      while (inFlight < total && !turns.isEmpty()) {
        Iterator<String> first = turns.iterator();
        String next = first.next();
        first.remove();
        ArrayDeque<Runnable> queue = waiting.get(next);
        granted.add(queue.poll());
        take(next);
        if (queue.isEmpty()) {
          waiting.remove(next);
        } else if (inFlightOf.get(next) < perTenant) {
          turns.add(next);
        }
      }
    }
    granted.forEach(Runnable::run);
  }

  // Guarded by this.
  private void take(String tenant) {
    inFlight++;
    inFlightOf.merge(tenant, 1, Integer::sum);
  }

  /** Refetches in flight, of all tenants. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Refetches waiting for a slot, of all tenants. */
  public synchronized int waiting() {
    return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
  }
}
