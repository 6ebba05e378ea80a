package io.keeplive.relay.outbox.internal;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.ResourceChanged;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of the outbox table: read the oldest rows of some shards, delete published rows.
 *
 * <p>A read is one statement: for each shard asked for, an {@code ORDER BY position LIMIT quota}
 * prefix of its queue, where {@code quota} splits the batch evenly among the shards asked for. Each
 * shard thus contributes a prefix (no row of a tenant can be passed over for a later one) and
 * shards share a batch fairly. Which shards to ask for is the lane's business: after a read it asks
 * only for the shards that had rows (plus the ones NOTIFYs named), so one busy shard alone soon
 * fills whole batches without a separate probe for busy shards.
 */
final class OutboxRows {

  private static final String OLDEST_ROWS =
      "SELECT o.position, o.id, o.tenant_id, o.resource, o.action, o.action_type, o.record_id,"
          + " o.topics, o.changed, o.actor_id, o.occurred_at, o.traceparent, o.shard"
          + " FROM unnest(?::smallint[]) AS s(shard)"
          + " CROSS JOIN LATERAL (SELECT * FROM outbox i WHERE i.shard = s.shard"
          + " AND i.position NOT IN (SELECT unnest(?::bigint[]))"
          + " ORDER BY i.position LIMIT ?) o";

  private static final String DELETE = "DELETE FROM outbox WHERE position = ANY(?::bigint[])";

  private OutboxRows() {}

  /** One outbox row, already in its Kafka form. */
  record Row(long position, int shard, ResourceChanged event) {}

  /**
   * At most about {@code batchSize} of the oldest rows of {@code shards}, in position order,
   * leaving out the rows at {@code inFlight} (the batch still being published). Leaving out exactly
   * those rows, not everything below them, keeps a row that committed late from being passed over.
   */
  static List<Row> oldest(
      Connection connection, List<Integer> shards, int batchSize, long[] inFlight)
      throws SQLException {
    if (shards.isEmpty()) {
      return List.of();
    }
    Array excluded = connection.createArrayOf("int8", boxed(inFlight));
    int quota = Math.max(1, (batchSize + shards.size() - 1) / shards.size());
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(OLDEST_ROWS)) {
      statement.setArray(1, connection.createArrayOf("int2", shards.toArray()));
      statement.setArray(2, excluded);
      statement.setInt(3, quota);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getLong(1), rs.getInt(13), event(rs)));
        }
      }
    }
    // Sorted here rather than in SQL: sorting the wide rows cost the server more than the rest of
    // the query. Each shard's rows are its prefix whatever the result order; sorting restores
    // position order (and with it each tenant's commit order) for sending.
    rows.sort(Comparator.comparingLong(Row::position));
    return rows;
  }

  static int delete(Connection connection, long[] positions) throws SQLException {
    if (positions.length == 0) {
      return 0;
    }
    try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
      statement.setArray(1, connection.createArrayOf("int8", boxed(positions)));
      return statement.executeUpdate();
    }
  }

  private static Long[] boxed(long[] values) {
    Long[] boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  /** Columns by index, in the order of {@link #OLDEST_ROWS}: the hot loop skips name lookups. */
  private static ResourceChanged event(ResultSet rs) throws SQLException {
    String actionType = rs.getString(6);
    return new ResourceChanged(
        rs.getObject(2, UUID.class),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        // The table's CHECK constraint admits exactly the three wire names.
        ActionType.fromWire(actionType)
            .orElseThrow(() -> new SQLException("unknown action_type " + actionType)),
        rs.getString(7),
        strings(rs.getArray(8)),
        rs.getString(10),
        strings(rs.getArray(9)),
        rs.getObject(11, OffsetDateTime.class).toInstant(),
        rs.getString(12),
        // The position travels to the gateways, which confirm §4.1 syncs against it.
        rs.getLong(1));
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    List<String> out = new ArrayList<>(values.length);
    for (Object value : values) {
      out.add((String) value);
    }
    return out;
  }
}
