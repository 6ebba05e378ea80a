package io.keeplive.gateway.refetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchDeferral;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The refetch budgets as pure logic: who runs now, who waits, and in which order they run. */
class RefetchSlotsTest {

  /** Records which refetch ran, in order, and every deferral. */
  private static final class Log implements GatewayListener {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<RefetchDeferral> deferred = new CopyOnWriteArrayList<>();

    Runnable refetch(String name) {
      return () -> started.add(name);
    }

    @Override
    public void refetchDeferred(RefetchDeferral reason) {
      deferred.add(reason);
    }
  }

  private final Log log = new Log();

  @Test
  void aTenantWithABacklogCannotTakeEverySlot() {
    RefetchSlots slots = new RefetchSlots(4, 2, log);
    for (int i = 0; i < 10; i++) {
      slots.acquire("noisy", log.refetch("noisy-" + i));
    }
    slots.acquire("quiet-a", log.refetch("quiet-a"));
    slots.acquire("quiet-b", log.refetch("quiet-b"));

    assertThat(log.started).containsExactly("noisy-0", "noisy-1", "quiet-a", "quiet-b");
    assertThat(log.deferred).hasSize(8).containsOnly(RefetchDeferral.TENANT_BUDGET);
    assertThat(slots.inFlight()).isEqualTo(4);
    assertThat(slots.waiting()).isEqualTo(8);
  }

  @Test
  void whenEverySlotIsBusyAQuietTenantGetsTheNextFreeSlotBeforeTheNoisyOnesBacklog() {
    RefetchSlots slots = new RefetchSlots(2, 2, log);
    for (int i = 0; i < 6; i++) {
      slots.acquire("noisy", log.refetch("noisy-" + i));
    }
    slots.acquire("quiet", log.refetch("quiet"));
    assertThat(log.deferred.get(log.deferred.size() - 1)).isEqualTo(RefetchDeferral.TOTAL_BUDGET);

    // The noisy tenant asked first and four times over, but the quiet one's turn comes first.
    slots.release("noisy");
    assertThat(log.started).containsExactly("noisy-0", "noisy-1", "quiet");
    slots.release("noisy");
    slots.release("quiet");
    assertThat(log.started).containsExactly("noisy-0", "noisy-1", "quiet", "noisy-2", "noisy-3");
  }

  @Test
  void tenantsWithRefetchesWaitingTakeTurnsOneRefetchEach() {
    RefetchSlots slots = new RefetchSlots(1, 4, log);
    slots.acquire("a", log.refetch("a-0"));
    for (int i = 1; i <= 3; i++) {
      slots.acquire("a", log.refetch("a-" + i));
    }
    slots.acquire("b", log.refetch("b-1"));
    slots.acquire("b", log.refetch("b-2"));
    slots.acquire("c", log.refetch("c-1"));

    List<String> tenantOfRunning = new ArrayList<>(List.of("a"));
    while (slots.waiting() > 0) {
      int before = log.started.size();
      slots.release(tenantOfRunning.remove(0));
      String next = log.started.get(before);
      tenantOfRunning.add(next.substring(0, 1));
    }
    assertThat(log.started).containsExactly("a-0", "a-1", "b-1", "c-1", "a-2", "b-2", "a-3");
  }

  @Test
  void everyDeferredRefetchRunsExactlyOnceAndNoBudgetIsEverExceeded() {
    for (int trial = 0; trial < 200; trial++) {
      SplittableRandom random = new SplittableRandom(trial);
      int total = 1 + random.nextInt(5);
      int perTenant = 1 + random.nextInt(3);
      Map<String, Integer> running = new HashMap<>();
      List<String> runningOrder = new ArrayList<>();
      RefetchSlots slots = new RefetchSlots(total, perTenant, GatewayListener.NONE);
      List<String> asked = new ArrayList<>();
      List<String> ran = new ArrayList<>();
      for (int step = 0; step < 300; step++) {
        if (random.nextInt(3) > 0 || runningOrder.isEmpty()) {
          String tenant = "t" + random.nextInt(4);
          String name = tenant + "/" + step;
          asked.add(name);
          slots.acquire(tenant, () -> start(name, running, runningOrder, ran, total, perTenant));
        } else {
          String done = runningOrder.remove(random.nextInt(runningOrder.size()));
          running.merge(done, -1, Integer::sum);
          slots.release(done);
        }
      }
      while (!runningOrder.isEmpty()) {
        String done = runningOrder.remove(0);
        running.merge(done, -1, Integer::sum);
        slots.release(done);
      }
      assertThat(ran).as("trial %d", trial).containsExactlyInAnyOrderElementsOf(asked);
      assertThat(slots.inFlight()).isZero();
      assertThat(slots.waiting()).isZero();
    }
  }

  private static void start(
      String name,
      Map<String, Integer> running,
      List<String> runningOrder,
      List<String> ran,
      int total,
      int perTenant) {
    String tenant = name.substring(0, name.indexOf('/'));
    int own = running.merge(tenant, 1, Integer::sum);
    runningOrder.add(tenant);
    ran.add(name);
    assertThat(own).as("in flight of " + tenant).isLessThanOrEqualTo(perTenant);
    assertThat(runningOrder.size()).as("in flight").isLessThanOrEqualTo(total);
  }

  @Test
  void switchedOffEveryRefetchStartsAtOnce() {
    RefetchSlots slots = RefetchSlots.unlimited();
    for (int i = 0; i < 1000; i++) {
      slots.acquire("noisy", log.refetch("noisy-" + i));
    }
    assertThat(log.started).hasSize(1000);
    assertThat(slots.waiting()).isZero();
  }
}
