package io.keeplive.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.ConformanceKit;
import io.keeplive.conformance.Report;
import io.keeplive.conformance.Target;
import io.keeplive.testsupport.Postgres;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * resource-service meets the backend contract (docs/backend-contract.md): the conformance kit's
 * black-box checks, over HTTP and JDBC, with tickets as the fixture.
 */
class HelpdeskConformanceTest {

  @Test
  void theHelpdeskPassesEveryCheckOfTheConformanceKit() {
    RunningService service = RunningService.shared();
    Postgres.Database database = service.database();
    Target target =
        new Target(
            URI.create("http://localhost:" + service.port()),
            database.jdbcUrl(),
            database.user(),
            database.password(),
            Target.DEVELOPMENT_SERVICE_TOKEN,
            Target.DEVELOPMENT_SECRET,
            new Target.Fixture(
                "tickets", "/api/tickets", "{\"title\":\"kit\"}", "{}", "tickets", "admin"));

    Report report = ConformanceKit.run(target);

    assertThat(report.allPassed()).as(report.toString()).isTrue();
  }
}
