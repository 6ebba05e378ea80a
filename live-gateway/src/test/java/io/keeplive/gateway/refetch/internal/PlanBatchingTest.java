package io.keeplive.gateway.refetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.refetch.LiveApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Plans of one subscription shape requested together share a call, never a plan. */
class PlanBatchingTest {

  /** A live API whose batch calls the test answers by hand; each plan names its own token. */
  static final class HeldCalls implements LiveApi {
    record Call(List<String> tokens, String shape, Sinks.One<List<PlanOutcome>> answer) {
      void answerEachWithItsToken() {
        answer.tryEmitValue(
            tokens.stream()
                .map(t -> (PlanOutcome) new PlanOutcome.Refused(ErrorCode.BAD_REQUEST, t))
                .toList());
      }
    }

    final List<Call> calls = new ArrayList<>();

    @Override
    public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
      throw new AssertionError("single plans are not used");
    }

    @Override
    public synchronized Mono<List<PlanOutcome>> plans(
        List<String> tokens, ObjectNode subscription) {
      Sinks.One<List<PlanOutcome>> answer = Sinks.one();
      calls.add(new Call(List.copyOf(tokens), subscription.toString(), answer));
      return answer.asMono();
    }

    @Override
    public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
      throw new AssertionError("no refetch here");
    }
  }

  private final HeldCalls api = new HeldCalls();
  private final PlanBatching batching = new PlanBatching(api, 3, Duration.ofSeconds(30));

  private static ObjectNode shape(String resource) {
    return (ObjectNode)
        JsonMapper.builder().build().readTree("{\"resource\":\"" + resource + "\",\"limit\":50}");
  }

  private AtomicReference<Object> plan(String token, ObjectNode shape) {
    AtomicReference<Object> outcome = new AtomicReference<>();
    batching.plan(token, shape).subscribe(outcome::set, outcome::set);
    return outcome;
  }

  private static String detailOf(AtomicReference<Object> outcome) {
    return ((LiveApi.PlanOutcome.Refused) outcome.get()).detail();
  }

  @Test
  void aQuietShapeIsPlannedAtOnceAndWhatArrivesMeanwhileGoesInOneCall() {
    var first = plan("t1", shape("tickets"));
    assertThat(api.calls).hasSize(1);
    assertThat(api.calls.get(0).tokens()).containsExactly("t1");
    var second = plan("t2", shape("tickets"));
    var third = plan("t3", shape("tickets"));
    assertThat(api.calls).hasSize(1);
    api.calls.get(0).answerEachWithItsToken();
    assertThat(detailOf(first)).isEqualTo("t1");
    assertThat(api.calls).hasSize(2);
    assertThat(api.calls.get(1).tokens()).containsExactly("t2", "t3");
    api.calls.get(1).answerEachWithItsToken();
    // Each waiter gets the plan made for its own token, not its neighbour's.
    assertThat(detailOf(second)).isEqualTo("t2");
    assertThat(detailOf(third)).isEqualTo("t3");
    assertThat(batching.shapes()).isZero();
  }

  @Test
  void differentShapesNeverShareACall() {
    plan("t1", shape("tickets"));
    plan("t2", shape("conversations"));
    assertThat(api.calls).hasSize(2);
    assertThat(api.calls.get(0).shape()).contains("tickets");
    assertThat(api.calls.get(1).shape()).contains("conversations");
  }

  @Test
  void aFullBatchGoesWithoutWaitingForTheCallInFlight() {
    plan("t0", shape("tickets"));
    for (int i = 1; i <= 4; i++) {
      plan("t" + i, shape("tickets"));
    }
    assertThat(api.calls).hasSize(2);
    assertThat(api.calls.get(1).tokens()).containsExactly("t1", "t2", "t3");
    // The rest waits until no call of the shape is in flight.
    api.calls.get(0).answerEachWithItsToken();
    assertThat(api.calls).hasSize(2);
    api.calls.get(1).answerEachWithItsToken();
    assertThat(api.calls).hasSize(3);
    assertThat(api.calls.get(2).tokens()).containsExactly("t4");
  }

  @Test
  void aFailedCallFailsItsWaitersAndTheNextBatchStillGoes() {
    var first = plan("t1", shape("tickets"));
    var second = plan("t2", shape("tickets"));
    api.calls.get(0).answer().tryEmitError(new IllegalStateException("down"));
    assertThat(first.get()).isInstanceOf(IllegalStateException.class);
    assertThat(api.calls).hasSize(2);
    api.calls.get(1).answerEachWithItsToken();
    assertThat(detailOf(second)).isEqualTo("t2");
    assertThat(batching.shapes()).isZero();
  }

  @Test
  void aWaiterThatGaveUpLeavesTheBatchItHadNotJoined() {
    plan("t1", shape("tickets"));
    batching.plan("t2", shape("tickets")).subscribe().dispose();
    var third = plan("t3", shape("tickets"));
    api.calls.get(0).answerEachWithItsToken();
    assertThat(api.calls.get(1).tokens()).containsExactly("t3");
    api.calls.get(1).answerEachWithItsToken();
    assertThat(detailOf(third)).isEqualTo("t3");
  }
}
