package io.keeplive.chaos.run;

import io.keeplive.chaos.check.Convergence;
import io.keeplive.chaos.check.Property;
import io.keeplive.chaos.check.Violations;
import io.keeplive.chaos.faults.FaultInjector;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The outcome of one chaos run, and its row in docs/reliability.md. */
public record RunResult(
    long seed,
    long durationSeconds,
    List<FaultInjector.Applied> faults,
    long writesAcknowledged,
    long writesAttempted,
    Convergence.Result convergence,
    long reconnects,
    Map<Integer, Long> closeCodes,
    long silentConnections,
    Map<String, Long> subscriptionErrors,
    long duplicateDeliveries,
    long messagesReceived,
    long kafkaRecords,
    Violations violations) {

  public Map<String, Long> faultsByKind() {
    return faults.stream()
        .collect(
            Collectors.groupingBy(a -> a.fault().label(), TreeMap::new, Collectors.counting()));
  }

  public long overlaps() {
    long count = 0;
    for (int i = 0; i < faults.size(); i++) {
      for (int j = i + 1; j < faults.size(); j++) {
        FaultInjector.Applied a = faults.get(i);
        FaultInjector.Applied b = faults.get(j);
        if (a.beganMillis() < b.healedMillis() && b.beganMillis() < a.healedMillis()) {
          count++;
        }
      }
    }
    return count;
  }

  public String replay() {
    return "./mvnw -pl chaos -am verify -Pchaos -Dchaos.duration="
        + durationSeconds
        + " -Dchaos.seed="
        + seed
        // Only the run: the modules it builds keep their own tests to themselves.
        + " -Dtest=ChaosRunTest -Dsurefire.failIfNoSpecifiedTests=false";
  }

  /** The Markdown table of this run. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| seed | ")
        .append(seed)
        .append(" (")
        .append(durationSeconds)
        .append(" s) |\n|---|---|\n");
    row(
        out,
        "faults injected",
        faults.size() + " (" + overlaps() + " overlapping pairs): " + faultsByKind());
    row(out, "writes acknowledged", writesAcknowledged + " of " + writesAttempted + " attempted");
    row(out, "writes lost", String.valueOf(violations.count(Property.LOST_WRITE)));
    row(
        out,
        "unauthorized rows",
        String.valueOf(
            violations.count(Property.UNAUTHORIZED_ROW)
                + violations.count(Property.FOREIGN_TENANT)));
    row(out, "views converged", convergence.millis().size() + " of " + convergence.views());
    row(
        out,
        "convergence after last fault healed: max / p99",
        convergence.max() + " ms / " + convergence.percentile(0.99) + " ms");
    row(out, "client reconnects (by close code)", reconnects + " " + closeCodes);
    row(out, "connections the client found silent and dropped", String.valueOf(silentConnections));
    row(
        out,
        "duplicate deliveries (Kafka, allowed)",
        duplicateDeliveries + " of " + kafkaRecords + " records");
    row(out, "messages received by clients", String.valueOf(messagesReceived));
    row(out, "subscription errors (by code)", subscriptionErrors.toString());
    row(out, "slowest views", String.join(", ", convergence.slowest(3)));
    row(out, "violations", violations.isEmpty() ? "none" : violations.counts().toString());
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }
}
