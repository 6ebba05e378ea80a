package io.keeplive.conformance;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of every check of one run. */
public record Report(List<Outcome> outcomes) {

  public Report {
    outcomes = List.copyOf(outcomes);
  }

  /** One check: its name ({@code Class.method}), whether it passed, and why not. */
  public record Outcome(String check, boolean passed, String failure) {}

  public boolean allPassed() {
    return !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::passed);
  }

  public List<Outcome> failures() {
    return outcomes.stream().filter(o -> !o.passed()).toList();
  }

  /** The names of the checks that failed. */
  public List<String> failedChecks() {
    return failures().stream().map(Outcome::check).toList();
  }

  @Override
  public String toString() {
    return outcomes.stream()
            .map(
                o ->
                    (o.passed() ? "PASS " : "FAIL ")
                        + o.check()
                        + (o.passed() ? "" : "\n     " + o.failure().replace("\n", "\n     ")))
            .collect(Collectors.joining("\n"))
        + "\n"
        + (outcomes.size() - failures().size())
        + " of "
        + outcomes.size()
        + " checks passed";
  }
}
