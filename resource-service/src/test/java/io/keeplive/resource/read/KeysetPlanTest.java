package io.keeplive.resource.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The keyset predicate of a window starts an index scan (SPEC §4.2, issue 16: "show EXPLAIN"): on a
 * realistic table — 40,000 tickets of one tenant among 80,000, statistics gathered — the batch
 * statement the live API runs for a window deep inside the list scans {@code tickets_updated_at}
 * from the cursor on, with the cursor's value in the scan's index condition, instead of reading the
 * tenant's rows and sorting them. The printed plan is the one docs/protocol.md shows.
 */
class KeysetPlanTest {

  private static final String TENANT = "plan-" + UUID.randomUUID();

  @BeforeAll
  static void fill() throws SQLException {
    try (Connection connection = RunningService.shared().database().connect();
        Statement statement = connection.createStatement()) {
      for (String tenant : List.of(TENANT, "plan-other-" + UUID.randomUUID())) {
        statement.execute(
            "INSERT INTO tickets (tenant_id, id, title, status, assignee_id, created_by, version,"
                + " created_at, updated_at) SELECT '"
                + tenant
                + "', gen_random_uuid(), 'ticket ' || n,"
                + " (ARRAY['open','in_progress','closed'])[1 + n % 3],"
                + " CASE WHEN n % 4 = 0 THEN NULL ELSE 'user' || (n % 50) END, 'user' || (n % 50),"
                + " 1, timestamptz '2026-01-01' + n * interval '1 second',"
                + " timestamptz '2026-01-01' + (n / 3) * interval '1 second'"
                + " FROM generate_series(1, 40000) AS n");
      }
      statement.execute("ANALYZE tickets");
    }
  }

  private static UUID middleId() {
    try (Connection connection = RunningService.shared().database().connect();
        Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT id FROM tickets WHERE tenant_id = '"
                    + TENANT
                    + "' ORDER BY updated_at, id OFFSET 20000 LIMIT 1")) {
      rows.next();
      return rows.getObject(1, UUID.class);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin", "agent"})
  void aWindowDeepInsideTheListStartsAnIndexScanAtItsCursor(String role) {
    Resources resources = RunningService.shared().context().getBean(Resources.class);
    ResourceDeclaration tickets = resources.find("tickets").orElseThrow();
    Identity actor = new Identity("user7", TENANT, List.of(role), Instant.MAX, "t");
    ListQuery first = KeysetWindowPropertyTest.query(List.of("-updated_at"), 1, null, null);
    Reads reads = RunningService.shared().context().getBean(Reads.class);
    // A cursor half way down the list.
    Map<String, Object> deep =
        reads
            .get(
                tickets,
                new Identity("admin", TENANT, List.of("admin"), Instant.MAX, "t"),
                middleId())
            .block();
    String cursor = Cursors.of(tickets, first, deep);
    ListQuery window = KeysetWindowPropertyTest.query(List.of("-updated_at"), 50, cursor, null);

    Sql sql =
        Reads.batchStatement(
            new PolicySql(resources), tickets, List.of(actor), window, Reads.Relevance.ALL);
    DatabaseClient database = RunningService.shared().context().getBean(DatabaseClient.class);
    List<String> plan =
        sql.explain("COSTS OFF")
            .on(database)
            .map(row -> row.get(0, String.class))
            .all()
            .collectList()
            .block();
    String text = String.join("\n", plan);
    System.out.println("EXPLAIN (COSTS OFF) of a " + role + "'s window:\n" + text);
    assertThat(text)
        .containsPattern("(Index Scan.* using|Bitmap Index Scan on) tickets_updated_at");
    assertThat(text)
        .containsPattern(
            "Index Cond: \\(\\(tenant_id = v\\.tenant_id\\) AND \\(updated_at <= '2026-");
    assertThat(text).doesNotContain("Seq Scan on tickets");
  }
}
