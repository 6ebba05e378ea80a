package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.refetch.LiveApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live API with plans batched: subscriptions of the same shape (the same subscription JSON)
 * planned while one call for that shape is in flight wait for it to end and then go together, as
 * one {@link LiveApi#plans} call of up to {@code maxActors} users. So a quiet gateway plans a
 * subscription at once (leading edge), and a connect storm (thousands of sessions subscribing at
 * the same moment after a restart) costs resource-service one call per shape and batch, not one per
 * session. Each user's plan is still made by resource-service as that user, from its own token:
 * batching shares the call, never a plan.
 *
 * <p>Bounded: a shape holds at most the subscriptions waiting for it (a full batch goes at once,
 * alongside the one in flight), and is forgotten when nothing waits or is in flight. A batch call
 * that takes longer than {@code timeout} fails its waiters, which retry with backoff as any failed
 * plan does. Refetches pass through unchanged.
 */
public final class PlanBatching implements LiveApi {

  private final LiveApi api;
  private final int maxActors;
  private final Duration timeout;
  // Guarded by this.
  private final Map<String, Shape> shapes = new HashMap<>();

  private record Waiting(String token, MonoSink<PlanOutcome> sink) {}

  /** The waiters of one subscription shape and its calls in flight; guarded by the batcher. */
  private static final class Shape {
    final String key;
    final ObjectNode subscription;
    final List<Waiting> waiting = new ArrayList<>();
    int inFlight;

    Shape(String key, ObjectNode subscription) {
      this.key = key;
      this.subscription = subscription;
    }
  }

  public PlanBatching(LiveApi api, int maxActors, Duration timeout) {
    this.api = api;
    this.maxActors = Math.max(1, maxActors);
    this.timeout = timeout;
  }

  @Override
  public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
    String key = subscription.toString();
    return Mono.create(
        sink -> {
          Waiting waiting = new Waiting(token, sink);
          Shape shape;
          List<Waiting> batch;
          synchronized (this) {
            shape = shapes.computeIfAbsent(key, k -> new Shape(k, subscription.deepCopy()));
            shape.waiting.add(waiting);
            batch = takeLocked(shape);
          }
          // A waiter that gave up (its own timeout) leaves the batch it has not joined yet.
          sink.onCancel(() -> forget(shape, waiting));
          send(shape, batch);
        });
  }

  /** The next batch of {@code shape} if one may go now: nothing in flight, or a full batch. */
  private List<Waiting> takeLocked(Shape shape) {
    if (shape.waiting.isEmpty() || (shape.inFlight > 0 && shape.waiting.size() < maxActors)) {
      return null;
    }
    int size = Math.min(maxActors, shape.waiting.size());
    List<Waiting> batch = new ArrayList<>(shape.waiting.subList(0, size));
    shape.waiting.subList(0, size).clear();
    shape.inFlight++;
    return batch;
  }

  private synchronized void forget(Shape shape, Waiting waiting) {
    shape.waiting.remove(waiting);
    dropIfIdleLocked(shape);
  }

  private void dropIfIdleLocked(Shape shape) {
    if (shape.inFlight == 0 && shape.waiting.isEmpty()) {
      shapes.remove(shape.key, shape);
    }
  }

  private void send(Shape shape, List<Waiting> batch) {
    if (batch == null) {
      return;
    }
    List<String> tokens = batch.stream().map(Waiting::token).toList();
    api.plans(tokens, shape.subscription)
        .timeout(timeout)
        .subscribe(
            outcomes -> {
              for (int i = 0; i < batch.size(); i++) {
                Waiting waiting = batch.get(i);
                if (i < outcomes.size()) {
                  waiting.sink().success(outcomes.get(i));
                } else {
                  waiting.sink().error(new IllegalStateException("no plan for this user"));
                }
              }
            },
            error -> {
              batch.forEach(w -> w.sink().error(error));
              ended(shape);
            },
            () -> ended(shape));
  }

  /** A call of {@code shape} ended: what waited meanwhile goes now. */
  private void ended(Shape shape) {
    List<Waiting> next;
    synchronized (this) {
      shape.inFlight--;
      next = takeLocked(shape);
      dropIfIdleLocked(shape);
    }
    send(shape, next);
  }

  /** Subscription shapes with waiters or calls in flight (for tests). */
  synchronized int shapes() {
    return shapes.size();
  }

  @Override
  public Mono<List<PlanOutcome>> plans(List<String> tokens, ObjectNode subscription) {
    return api.plans(tokens, subscription);
  }

  @Override
  public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
    return api.query(resource, query, actors);
  }

  @Override
  public Mono<List<ActorResult>> query(
      String resource, ObjectNode query, List<String> actors, Relevance relevance) {
    return api.query(resource, query, actors, relevance);
  }
}
