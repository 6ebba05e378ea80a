package io.keeplive.gateway.refetch;

import static io.keeplive.gateway.refetch.CohortRegistryTest.plan;
import static io.keeplive.gateway.refetch.CohortRegistryTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.CohortRegistryTest.Call;
import io.keeplive.gateway.refetch.CohortRegistryTest.ControlledApi;
import io.keeplive.gateway.refetch.CohortRegistryTest.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Refetch failures are counted with their reason, and failed refetches are retried after jittered
 * waits (the shared {@code Backoff}), against the in-memory live API of {@link CohortRegistryTest}.
 */
class RefetchFailuresTest {

  private final Scheduler scheduler = Schedulers.newSingle("test-timer");
  private final ControlledApi api = new ControlledApi();
  private final List<RefetchFailure> failures = new CopyOnWriteArrayList<>();
  private final GatewayListener listener =
      new GatewayListener() {
        @Override
        public void refetchFailed(RefetchFailure reason) {
          failures.add(reason);
        }
      };

  @AfterEach
  void stop() {
    scheduler.dispose();
  }

  private CohortRegistry registry(Duration retryMin, Duration retryMax) {
    return new CohortRegistry(
        api,
        new GatewayProperties.Refetch(
            GatewayProperties.Strategy.COHORT,
            Duration.ZERO,
            100,
            Duration.ofSeconds(5),
            retryMin,
            retryMax,
            GatewayProperties.defaults().refetch().budget()),
        listener,
        scheduler,
        false);
  }

  @Test
  void aRefetchThatTimesOutIsCountedAsATimeoutAndRetried() {
    CohortRegistry registry = registry(Duration.ofMillis(10), Duration.ofMillis(50));
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    api.awaitCall(0).answer().tryEmitError(new TimeoutException("no answer"));
    api.awaitCall(1).answer(Map.of("admin", rows("[{\"id\":\"1\"}]")));

    await().untilAsserted(() -> assertThat(member.last()).isNotNull());
    assertThat(failures).containsExactly(RefetchFailure.TIMEOUT);
  }

  @Test
  void aRefetchThatResourceServiceRefusesIsCountedAsRefusedAndEndsTheSubscriptions() {
    CohortRegistry registry = registry(Duration.ofMillis(10), Duration.ofMillis(50));
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    api.awaitCall(0)
        .answer()
        .tryEmitValue(List.of(new LiveApi.ActorResult.Failed(ErrorCode.BAD_REQUEST, "no")));

    await().untilAsserted(() -> assertThat(member.refusals).containsExactly(ErrorCode.BAD_REQUEST));
    assertThat(failures).containsExactly(RefetchFailure.REFUSED);
  }

  @Test
  void anAnswerMissingAnActorIsCountedAsABadAnswer() {
    CohortRegistry registry = registry(Duration.ofMillis(10), Duration.ofMillis(50));
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    api.awaitCall(0).answer().tryEmitValue(List.of());

    await().untilAsserted(() -> assertThat(failures).contains(RefetchFailure.BAD_ANSWER));
  }

  @Test
  void failedRefetchesAreRetriedAfterJitteredWaitsSoGatewaysDoNotRetryInLockstep() {
    // With a fixed 40 ms retry, every wait would be at least 40 ms; with full jitter each wait is
    // uniform in [0, 40 ms), so among 20 retries some come well before 30 ms (p(none) = 0.25^20).
    CohortRegistry registry = registry(Duration.ofMillis(40), Duration.ofMillis(40));
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    List<Long> waitsMillis = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Call failed = api.awaitCall(i);
      long failedAt = System.nanoTime();
      failed.fail();
      Call retry = api.awaitCall(i + 1);
      waitsMillis.add((retry.atNanos() - failedAt) / 1_000_000);
    }
    api.awaitCall(20).answer(Map.of("admin", rows("[]")));

    assertThat(waitsMillis).anyMatch(wait -> wait < 30);
    assertThat(failures).hasSize(20);
  }
}
