package io.keeplive.chaos.check;

import io.keeplive.chaos.live.Session;
import io.keeplive.chaos.live.Spec;
import io.keeplive.chaos.workload.Json;
import io.keeplive.chaos.workload.Rest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * After the last fault healed and the writes stopped: every view must equal a fresh query of the
 * same thing by REST with the same user's token, within the bound. Measures, per view, how long
 * after that moment it first did.
 */
public final class Convergence {

  /** Times to convergence in ms (one per view that converged). */
  public record Result(List<Long> millis, int views, Map<String, Long> byView) {

    /** The {@code n} slowest views, slowest first. */
    public List<String> slowest(int n) {
      return byView.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(n)
          .map(e -> e.getKey() + " " + e.getValue() + " ms")
          .toList();
    }

    public long max() {
      return millis.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public long percentile(double p) {
      if (millis.isEmpty()) {
        return 0;
      }
      List<Long> sorted = millis.stream().sorted().toList();
      int index = (int) Math.ceil(p * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
  }

  private Convergence() {}

  public static Result await(
      List<Session> sessions, Rest rest, long healedNanos, Duration bound, Violations violations) {
    Map<String, List<String>> expected = new HashMap<>();
    Map<String, Session> owners = new HashMap<>();
    Map<String, Spec> specs = new HashMap<>();
    for (Session session : sessions) {
      for (Spec spec : session.specs()) {
        String key = session.user().name() + "/" + spec.name();
        expected.put(key, keys(truth(rest, session, spec), spec.ordered()));
        owners.put(key, session);
        specs.put(key, spec);
      }
    }
    List<Long> times = new CopyOnWriteArrayList<>();
    Map<String, Long> byView = new ConcurrentHashMap<>();
    Map<String, List<String>> pending = new HashMap<>(expected);
    Duration left = bound.minusNanos(System.nanoTime() - healedNanos);
    try {
      Awaitility.await()
          .atMost(left.isNegative() ? Duration.ofMillis(1) : left)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> converge(pending, owners, specs, healedNanos, times, byView));
    } catch (ConditionTimeoutException e) {
      // reported below, view by view
    }
    Map<String, String> diagnoses = new HashMap<>();
    pending.forEach(
        (key, rows) -> diagnoses.put(key, owners.get(key).diagnosis(specs.get(key).name())));
    Map<String, String> probes = probe(pending, owners, specs);
    pending.forEach(
        (key, rows) -> {
          Session session = owners.get(key);
          Spec spec = specs.get(key);
          violations.add(
              Property.NOT_CONVERGED,
              key
                  + " expected "
                  + rows
                  + " view "
                  + (session.hasView(spec.name())
                      ? keys(session.viewRows(spec.name()), spec.ordered())
                      : "(no result)")
                  + "; "
                  + diagnoses.get(key)
                  + "; "
                  + probes.get(key));
        });
    return new Result(List.copyOf(times), expected.size(), Map.copyOf(byView));
  }

  private static boolean converge(
      Map<String, List<String>> pending,
      Map<String, Session> owners,
      Map<String, Spec> specs,
      long healedNanos,
      List<Long> times,
      Map<String, Long> byView) {
    long now = System.nanoTime();
    pending
        .entrySet()
        .removeIf(
            entry -> {
              Session session = owners.get(entry.getKey());
              Spec spec = specs.get(entry.getKey());
              boolean equal =
                  session.hasView(spec.name())
                      && keys(session.viewRows(spec.name()), spec.ordered())
                          .equals(entry.getValue());
              if (equal) {
                // Equal now and unchanged since its last message: equal since that message.
                long since = Math.min(now, session.lastChangeNanos(spec.name()));
                long millis = Math.max(0, (since - healedNanos) / 1_000_000);
                times.add(millis);
                byView.put(entry.getKey(), millis);
              }
              return equal;
            });
    return pending.isEmpty();
  }

  /**
   * For the views that did not converge: the same subscription made afresh on the same connection.
   * If the fresh one converges, the connection and the query work and the old subscription was
   * stuck; if not, the connection (or everything behind it) was.
   */
  private static Map<String, String> probe(
      Map<String, List<String>> pending, Map<String, Session> owners, Map<String, Spec> specs) {
    Map<String, String> probes = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    pending.keySet().forEach(key -> names.put(key, owners.get(key).probe(specs.get(key))));
    long start = System.nanoTime();
    Map<String, List<String>> left = new HashMap<>(pending);
    try {
      Awaitility.await()
          .atMost(PROBE_WAIT)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                left.entrySet()
                    .removeIf(
                        entry -> {
                          String key = entry.getKey();
                          Session session = owners.get(key);
                          String name = names.get(key);
                          boolean equal =
                              session.hasView(name)
                                  && keys(session.viewRows(name), specs.get(key).ordered())
                                      .equals(entry.getValue());
                          if (equal) {
                            probes.put(
                                key,
                                "a fresh subscription on the same connection converged in "
                                    + (System.nanoTime() - start) / 1_000_000
                                    + " ms");
                          }
                          return equal;
                        });
                return left.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // reported per view
    }
    left.keySet()
        .forEach(
            key ->
                probes.put(
                    key,
                    "a fresh subscription on the same connection did not converge within "
                        + PROBE_WAIT.toSeconds()
                        + " s either ("
                        + (owners.get(key).hasView(names.get(key)) ? "stale" : "no result")
                        + ")"));
    return probes;
  }

  private static final Duration PROBE_WAIT = Duration.ofSeconds(10);

  /** The fresh authorized answer: a 404 (missing or not visible) is an empty view. */
  private static List<JsonNode> truth(Rest rest, Session session, Spec spec) {
    Rest.Answer answer = rest.get(session.user(), spec.restPath());
    if (answer.status() == 404 || answer.status() == 403) {
      return List.of();
    }
    if (!answer.ok() || answer.body() == null) {
      throw new IllegalStateException(
          "REST " + spec.restPath() + " failed after the run: " + answer);
    }
    List<JsonNode> rows = new ArrayList<>();
    if (answer.body().isArray()) {
      answer.body().forEach(rows::add);
    } else {
      rows.add(answer.body());
    }
    return rows;
  }

  /** id@version per row; sorted unless the order is part of what must be equal. */
  static List<String> keys(List<JsonNode> rows, boolean ordered) {
    List<String> keys = new ArrayList<>();
    rows.forEach(row -> keys.add(Json.text(row, "id") + "@" + Json.version(row)));
    if (!ordered) {
      keys.sort(null);
    }
    return keys;
  }
}
