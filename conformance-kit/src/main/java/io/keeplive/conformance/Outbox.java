package io.keeplive.conformance;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the backend's outbox table as the relay would. */
public final class Outbox {

  private Outbox() {}

  /** One outbox row; {@code sameTransactionAsRow} compares its xid with the row's xmin. */
  public record Row(
      long position,
      String id,
      int shard,
      String tenant,
      String resource,
      String action,
      String actionType,
      String recordId,
      List<String> topics,
      List<String> changed,
      String actorId) {}

  /** The outbox rows of one tenant, in position order. */
  public static List<Row> of(Connection connection, String tenant) {
    String sql =
        "SELECT position, id::text, shard, tenant_id, resource, action, action_type, record_id,"
            + " topics, changed, actor_id FROM outbox WHERE tenant_id = ? ORDER BY position";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, tenant);
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(
              new Row(
                  result.getLong(1),
                  result.getString(2),
                  result.getInt(3),
                  result.getString(4),
                  result.getString(5),
                  result.getString(6),
                  result.getString(7),
                  result.getString(8),
                  texts(result.getArray(9)),
                  texts(result.getArray(10)),
                  result.getString(11)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the outbox failed: " + e, e);
    }
  }

  /**
   * Whether the outbox rows of {@code recordId} were inserted by the transaction that wrote the
   * record's row in {@code table}: the outbox row's {@code xid} (xid8, defaulted to the writing
   * transaction) against the row's {@code xmin}, both as 32-bit transaction ids. Null when the row
   * or its outbox rows are missing.
   */
  public static Boolean sameTransactionAsRow(
      Connection connection, String table, String tenant, String recordId) {
    String sql =
        "SELECT bool_and((o.xid::text::numeric % 4294967296) = t.xmin::text::numeric)"
            + " FROM outbox o JOIN "
            + quoted(table)
            + " t ON t.id::text = o.record_id AND t.tenant_id = o.tenant_id"
            + " WHERE o.tenant_id = ? AND o.record_id = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, tenant);
      statement.setString(2, recordId);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        boolean same = result.getBoolean(1);
        return result.wasNull() ? null : same;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("comparing transactions failed: " + e, e);
    }
  }

  private static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
