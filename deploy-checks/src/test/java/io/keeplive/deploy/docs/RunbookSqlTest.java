package io.keeplive.deploy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```sql doc-test} block of docs/operations.md runs against a real PostgreSQL with the
 * outbox schema (the shared Flyway migration) and two relay sessions holding shard locks exactly as
 * notifier-relay's {@code ShardLocks} takes them — its lock keys are read from that source file, so
 * a change of the lock scheme fails this test until the runbook follows.
 */
class RunbookSqlTest {

  static final String SHARD_LOCKS =
      "notifier-relay/src/main/java/io/keeplive/relay/outbox/internal/ShardLocks.java";

  static Postgres.Database database;
  static final List<Connection> relays = new ArrayList<>();

  static int lockKey(String name) {
    Matcher m =
        Pattern.compile("static final int " + name + " = (0x[0-9a-fA-F]+|[0-9]+);")
            .matcher(RepositoryFiles.read(SHARD_LOCKS));
    assertThat(m.find()).as(name + " in " + SHARD_LOCKS).isTrue();
    return Integer.decode(m.group(1));
  }

  static Connection relaySession() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    properties.setProperty("ApplicationName", "keeplive-notifier-relay");
    return DriverManager.getConnection(database.jdbcUrl(), properties);
  }

  @BeforeAll
  static void outboxAndTwoRelayLanes() throws SQLException {
    database = Postgres.shared().newDatabase("operations_guide").migrate();
    int members = lockKey("MEMBERS");
    int shards = lockKey("SHARDS");
    // Lane A owns shards 0-31, lane B 32-62; shard 63 is left unowned.
    int[][] owned = {{0, 31}, {32, 62}};
    for (int[] range : owned) {
      Connection lane = relaySession();
      relays.add(lane);
      try (Statement statement = lane.createStatement()) {
        statement.execute("SELECT pg_advisory_lock_shared(" + members + ", 0)");
        for (int shard = range[0]; shard <= range[1]; shard++) {
          statement.execute("SELECT pg_try_advisory_lock(" + shards + ", " + shard + ")");
        }
      }
    }
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (int shard : new int[] {5, 5, 63}) {
        statement.execute(
            "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
                + " record_id, topics, actor_id) VALUES (nextval('outbox_position_seq'),"
                + " gen_random_uuid(), "
                + shard
                + ", 't1', 'tickets', 'create', 'create', 'r1', '{}', 'u1')");
      }
    }
  }

  @AfterAll
  static void closeRelays() throws SQLException {
    for (Connection relay : relays) {
      relay.close();
    }
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }

  static List<Map<String, Object>> run(String name) throws SQLException {
    String sql =
        GuideBlocks.parse(RepositoryFiles.read(OperationsGuideTest.GUIDE)).named(name).text();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void everySqlBlockOfTheGuideRuns() throws SQLException {
    List<GuideBlocks.Block> blocks =
        GuideBlocks.parse(RepositoryFiles.read(OperationsGuideTest.GUIDE)).ofLanguage("sql");
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
    for (GuideBlocks.Block block : blocks) {
      assertThat(block.name()).as("SQL block at line " + block.line() + " has a name").isNotNull();
      run(block.name());
    }
  }

  @Test
  void theShardOwnerQueryShowsWhichRelaySessionHoldsWhichShards() throws SQLException {
    List<Map<String, Object>> owners = run("shard-owners");

    assertThat(owners).hasSize(2);
    assertThat(owners)
        .extracting(r -> ((Number) r.get("shards")).intValue())
        .containsExactly(32, 31);
    assertThat(owners).allMatch(r -> "keeplive-notifier-relay".equals(r.get("application_name")));
    assertThat(owners.get(0).get("shard_list").toString()).startsWith("0,1,2,");
    assertThat(run("unowned-shards")).extracting(r -> r.get("unowned_shard")).containsExactly(63);
    assertThat(((Number) run("live-lanes").get(0).get("live_relay_lanes")).intValue()).isEqualTo(2);
  }

  @Test
  void theBacklogQueriesCountTheOutbox() throws SQLException {
    assertThat(((Number) run("outbox-backlog").get(0).get("backlog_rows")).intValue()).isEqualTo(3);
    assertThat(run("outbox-by-shard"))
        .extracting(r -> ((Number) r.get("shard")).intValue())
        .containsExactlyInAnyOrder(5, 63);
  }
}
