package io.keeplive.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The kit as a Maven command: runs every check against the backend named by the {@code
 * -Dkeeplive.conformance.*} properties (docs/backend-contract.md §6) and fails with the report when
 * one fails. Skipped when no backend is named, so the module's build does not need one.
 */
class GivenBackendTest {

  @Test
  void theNamedBackendPassesEveryCheck() {
    Map<String, String> parameters = new TreeMap<>();
    System.getProperties()
        .forEach(
            (name, value) -> {
              if (String.valueOf(name).startsWith(Target.PREFIX)) {
                parameters.put(String.valueOf(name), String.valueOf(value));
              }
            });
    assumeTrue(
        parameters.containsKey(Target.PREFIX + "baseUrl"),
        "no backend named (-Dkeeplive.conformance.baseUrl=…)");

    Report report = ConformanceKit.run(parameters);

    System.out.println(report);
    assertThat(report.allPassed()).as(report.toString()).isTrue();
  }
}
