package io.keeplive.gateway.refetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchDeferral;
import io.keeplive.gateway.refetch.CohortRegistryTest.Call;
import io.keeplive.gateway.refetch.CohortRegistryTest.ControlledApi;
import io.keeplive.gateway.refetch.CohortRegistryTest.Member;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The refetch budget in the registry: a tenant's refetches over its budget wait, in the gateway,
 * for their turn, while other tenants' refetches start; the waiting ones fold new notifications
 * into themselves and run once a slot is free. Calls are answered when the test says so.
 */
class RefetchBudgetTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final Scheduler scheduler = Schedulers.newSingle("test-timer");
  private final ControlledApi api = new ControlledApi();
  private final List<RefetchDeferral> deferred = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    scheduler.dispose();
  }

  private CohortRegistry registry(boolean budget) {
    return registry(budget, Integer.MAX_VALUE);
  }

  private CohortRegistry registry(boolean budget, int ratePerTenant) {
    return new CohortRegistry(
        api,
        new GatewayProperties.Refetch(
            GatewayProperties.Strategy.COHORT,
            Duration.ZERO,
            100,
            Duration.ofSeconds(5),
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            new GatewayProperties.Budget(budget, 2, 1, ratePerTenant)),
        new GatewayListener() {
          @Override
          public void refetchDeferred(RefetchDeferral reason) {
            deferred.add(reason);
          }
        },
        scheduler,
        false);
  }

  /** A list of tickets with {@code status}: each status is a query of its own (a group). */
  private static Plan view(String status) {
    ObjectNode query = JSON.createObjectNode();
    query.putObject("filter").put("status", status);
    return new Plan("tickets", Plan.Kind.LIST, List.of("tickets"), "everyone", query);
  }

  private static Map<String, Rows> answer(Member member) {
    return Map.of(member.token, CohortRegistryTest.rows("[{\"id\":\"t1\"}]"));
  }

  @Test
  void aNoisyTenantsRefetchesBeyondItsBudgetWaitWhileAnotherTenantsStart() {
    CohortRegistry registry = registry(true);
    Member[] noisy = {new Member("n0"), new Member("n1"), new Member("n2")};
    for (int i = 0; i < noisy.length; i++) {
      registry.join("noisy", view("s" + i), noisy[i]);
    }
    Member quiet = new Member("q0");
    registry.join("quiet", view("open"), quiet);

    // One slot per tenant: the noisy tenant's first view is read, its others wait; the quiet
    // tenant's read starts at once although it asked last.
    Call second = api.awaitCall(1);
    assertThat(second.actors()).containsExactly("q0");
    assertThat(api.calls).hasSize(2);
    assertThat(deferred)
        .containsExactly(RefetchDeferral.TENANT_BUDGET, RefetchDeferral.TENANT_BUDGET);
    second.answer(answer(quiet));
    assertThat(quiet.last()).isNotNull();
    assertThat(api.calls).hasSize(2);
  }

  @Test
  void everyRefetchThatWaitedForItsTurnRunsOnceASlotIsFreeAndCarriesWhatArrivedMeanwhile() {
    CohortRegistry registry = registry(true);
    Member[] noisy = {new Member("n0"), new Member("n1"), new Member("n2")};
    for (int i = 0; i < noisy.length; i++) {
      registry.join("noisy", view("s" + i), noisy[i]);
    }
    Call first = api.awaitCall(0);
    // Notifications for every view while two of them wait: each waiting view is still read once.
    for (int i = 0; i < 5; i++) {
      registry.onNotification(CohortRegistryTest.change("noisy", "tickets"));
    }
    first.answer(answer(noisy[0]));
    api.awaitCall(1).answer(answer(noisy[1]));
    api.awaitCall(2).answer(answer(noisy[2]));
    // The first view's notifications came during its read: one trailing read covers them.
    api.awaitCall(3).answer(answer(noisy[0]));
    await().atMost(Duration.ofSeconds(5)).until(() -> registry.cohortCount() == 3);
    for (Member member : noisy) {
      assertThat(member.last()).as(member.token).isNotNull();
    }
    assertThat(api.calls).hasSize(4);
    assertThat(api.calls.stream().map(c -> c.actors().get(0)))
        .containsExactly("n0", "n1", "n2", "n0");
  }

  @Test
  void aTenantOverItsRateWaitsInTimeAndItsViewsStillConvergeWithFewerReads() {
    // 5 starts a second after a burst of one (the per-tenant budget): 200 ms between reads.
    CohortRegistry registry = registry(true, 5);
    Member member = new Member("n0");
    registry.join("noisy", view("open"), member);
    api.awaitCall(0).answer(answer(member));
    long before = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      registry.onNotification(CohortRegistryTest.change("noisy", "tickets"));
    }

    // The ten notifications wait out the tenant's next slot and are read together, once.
    Call second = api.awaitCall(1);
    long waitedMillis = (System.nanoTime() - before) / 1_000_000;
    assertThat(api.calls).hasSize(2);
    assertThat(waitedMillis).isGreaterThanOrEqualTo(100);
    assertThat(deferred).contains(RefetchDeferral.TENANT_RATE);
    second.answer(answer(member));
    assertThat(member.last()).isNotNull();
  }

  @Test
  void withTheBudgetSwitchedOffEveryRefetchStartsAtOnce() {
    CohortRegistry registry = registry(false);
    for (int i = 0; i < 3; i++) {
      registry.join("noisy", view("s" + i), new Member("n" + i));
    }
    api.awaitCall(2);
    assertThat(deferred).isEmpty();
  }
}
