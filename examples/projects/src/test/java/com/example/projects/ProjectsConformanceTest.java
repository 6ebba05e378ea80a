package com.example.projects;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.ConformanceKit;
import io.keeplive.conformance.Report;
import org.junit.jupiter.api.Test;

/**
 * The example meets the backend contract (docs/backend-contract.md), and the kit notices when it
 * does not: the same application with its outbox rows committed outside the writing transaction
 * fails exactly the check of that rule.
 */
class ProjectsConformanceTest {

  @Test
  void theExamplePassesEveryCheckOfTheConformanceKit() {
    try (RunningProjects projects = RunningProjects.start()) {
      Report report = ConformanceKit.run(projects.target());

      assertThat(report.allPassed()).as(report.toString()).isTrue();
    }
  }

  @Test
  void anOutboxWrittenOutsideTheWritingTransactionFailsTheSameTransactionCheck() {
    try (RunningProjects broken = RunningProjects.start(OutboxOutsideTheTransaction.class)) {
      Report report = ConformanceKit.run(broken.target());

      System.out.println(report);
      assertThat(report.failedChecks())
          .as(report.toString())
          .contains("OutboxWriteCheck.theOutboxRowIsWrittenByTheTransactionThatWroteTheRow")
          // Only the outbox's writing rules; the table and the live API are still as they were.
          .allMatch(
              check ->
                  check.startsWith("OutboxWriteCheck.") || check.startsWith("OutboxOrderCheck."));
    }
  }
}
