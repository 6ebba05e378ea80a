package io.keeplive.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.conformance.Backend;
import io.keeplive.conformance.BackendExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox table and its sequence have the shape the relay reads (backend-contract.md §1). */
@ExtendWith(BackendExtension.class)
class OutboxTableCheck {

  /** Column → "type, nullability" as information_schema states them. */
  private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("position", "int8 NO");
    COLUMNS.put("id", "uuid NO");
    COLUMNS.put("shard", "int2 NO");
    COLUMNS.put("tenant_id", "text NO");
    COLUMNS.put("resource", "text NO");
    COLUMNS.put("action", "text NO");
    COLUMNS.put("action_type", "text NO");
    COLUMNS.put("record_id", "text NO");
    COLUMNS.put("topics", "_text NO");
    COLUMNS.put("changed", "_text NO");
    COLUMNS.put("actor_id", "text NO");
    COLUMNS.put("occurred_at", "timestamptz NO");
    COLUMNS.put("traceparent", "text YES");
    COLUMNS.put("xid", "xid8 NO");
  }

  @Test
  void theOutboxTableHasEveryColumnOfTheContract(Backend backend) throws SQLException {
    Map<String, String> actual = new LinkedHashMap<>();
    try (Connection connection = backend.database();
        Statement statement = connection.createStatement();
        ResultSet columns =
            statement.executeQuery(
                "SELECT column_name, udt_name, is_nullable FROM information_schema.columns"
                    + " WHERE table_name = 'outbox' AND table_schema = current_schema()")) {
      while (columns.next()) {
        actual.put(columns.getString(1), columns.getString(2) + " " + columns.getString(3));
      }
    }
    assertThat(actual).as("columns of outbox").containsAllEntriesOf(COLUMNS);
  }

  @Test
  void positionIsTheKeyIdIsUniqueAndPositionsComeFromTheSharedSequence(Backend backend)
      throws SQLException {
    try (Connection connection = backend.database();
        Statement statement = connection.createStatement()) {
      assertThat(
              single(
                  statement,
                  "SELECT count(*) FROM pg_class WHERE relkind = 'S'"
                      + " AND relname = 'outbox_position_seq'"
                      + " AND relnamespace = current_schema()::regnamespace"))
          .as("sequence outbox_position_seq")
          .isEqualTo(1);
      assertThat(
              single(
                  statement,
                  "SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                      + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'outbox'::regclass"
                      + " AND i.indisprimary AND a.attname = 'position' AND i.indnatts = 1"))
          .as("primary key (position)")
          .isEqualTo(1);
      assertThat(
              single(
                  statement,
                  "SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                      + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'outbox'::regclass"
                      + " AND i.indisunique AND a.attname = 'id' AND i.indnatts = 1"))
          .as("unique (id)")
          .isEqualTo(1);
    }
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
