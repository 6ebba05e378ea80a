package io.keeplive.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import io.keeplive.gateway.refetch.LiveApi;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.node.ObjectNode;

/**
 * A subscription whose plan fails (resource-service down) is counted with the reason, and planned
 * again after the shared jittered backoff, on virtual time.
 */
class PlanFailuresTest {

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final FakeSocket socket = new FakeSocket();
  private final List<RefetchFailure> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger plans = new AtomicInteger();

  @AfterEach
  void stopTime() {
    time.dispose();
  }

  /** A running, authenticated session whose plans all time out. */
  private LiveSession failingSession() {
    LiveApi failing =
        new LiveApi() {
          @Override
          public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
            plans.incrementAndGet();
            return Mono.error(new TimeoutException("no answer"));
          }

          @Override
          public Mono<List<ActorResult>> query(
              String resource, ObjectNode query, List<String> actors) {
            return Mono.never();
          }
        };
    return socket.authenticatedSession(
        "agent",
        failing,
        null,
        GatewayProperties.defaults(),
        new GatewayListener() {
          @Override
          public void refetchFailed(RefetchFailure reason) {
            failures.add(reason);
          }
        },
        time);
  }

  @Test
  void aPlanThatTimesOutIsCountedAsATimeoutAndPlannedAgainAfterTheBackoff() {
    GatewayProperties properties = GatewayProperties.defaults();
    failingSession();
    socket.incoming.tryEmitNext(
        FakeSocket.text("{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\"}"));
    assertThat(plans.get()).isPositive();
    assertThat(failures).hasSize(plans.get()).containsOnly(RefetchFailure.TIMEOUT);

    // Full jitter: the first retry comes within the first ceiling (retry-min), never later (and
    // may come at once: a draw below a millisecond is no wait at all).
    time.advanceTimeBy(properties.refetch().retryMin());
    assertThat(plans.get()).isGreaterThan(1);
    assertThat(failures).hasSize(plans.get()).containsOnly(RefetchFailure.TIMEOUT);
  }

  @Test
  void failedPlansAreRetriedAfterJitteredWaitsNotAllAtOnce() {
    failingSession();
    for (int i = 0; i < 20; i++) {
      socket.incoming.tryEmitNext(
          FakeSocket.text(
              "{\"type\":\"subscribe\",\"id\":\"q" + i + "\",\"resource\":\"tickets\"}"));
    }

    // A fixed first wait of retry-min would retry none of them before it; full jitter retries
    // about half of them within half of it (p(none) = 0.5^20).
    time.advanceTimeBy(GatewayProperties.defaults().refetch().retryMin().dividedBy(2));
    assertThat(plans.get()).isGreaterThan(20);
  }
}
