package io.keeplive.relay.outbox.internal;

import io.keeplive.contracts.notification.Notifications;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Shard ownership of one lane, held as session-level advisory locks on the lane's own session.
 *
 * <p>Keys use the two-int form {@code (namespace, n)}, which Postgres keeps apart from the
 * one-bigint form that resource-service uses for its per-tenant transaction locks. Every live lane
 * holds the shared lock {@code (MEMBERS, 0)}: counting its holders in {@code pg_locks} gives the
 * number of live lanes across all instances, and with it each lane's fair share, {@code ceil(64 /
 * lanes)}. A lane owning more than its share gives shards back, one owning fewer tries the free
 * ones; nothing else coordinates the instances.
 */
final class ShardLocks {

  static final int MEMBERS = 0x6b6c7201;
  static final int SHARDS = 0x6b6c7202;

  private static final String ADVISORY_IN_THIS_DATABASE =
      "l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
          + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

  private final Connection connection;
  private final TreeSet<Integer> owned = new TreeSet<>();

  ShardLocks(Connection connection) {
    this.connection = connection;
  }

  void join() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock_shared(" + MEMBERS + ", 0)");
    }
  }

  List<Integer> owned() {
    return List.copyOf(owned);
  }

  /**
   * Takes or gives back shards so that this lane owns its fair share, as far as shards are free.
   */
  void rebalance() throws SQLException {
    int target = (Notifications.OUTBOX_SHARDS + members() - 1) / members();
    while (owned.size() > target) {
      unlock(owned.last());
    }
    if (owned.size() < target) {
      List<Integer> free = freeShards();
      Collections.shuffle(free);
      for (int shard : free) {
        if (owned.size() >= target) {
          break;
        }
        tryLock(shard);
      }
    }
  }

  /** Gives back every shard and the membership; the session stays open. */
  void releaseAll() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_unlock_all()");
    }
    owned.clear();
  }

  private int members() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*) FROM pg_locks l WHERE "
                    + ADVISORY_IN_THIS_DATABASE
                    + " AND l.classid = "
                    + MEMBERS
                    + " AND l.objid = 0")) {
      rs.next();
      return Math.max(1, rs.getInt(1));
    }
  }

  private List<Integer> freeShards() throws SQLException {
    List<Integer> free = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT g FROM generate_series(0, "
                    + (Notifications.OUTBOX_SHARDS - 1)
                    + ") g WHERE NOT EXISTS (SELECT 1 FROM pg_locks l WHERE "
                    + ADVISORY_IN_THIS_DATABASE
                    + " AND l.classid = "
                    + SHARDS
                    + " AND l.objid = g)")) {
      while (rs.next()) {
        free.add(rs.getInt(1));
      }
    }
    return free;
  }

  private void tryLock(int shard) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_try_advisory_lock(" + SHARDS + ", ?)")) {
      statement.setInt(1, shard);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          owned.add(shard);
        }
      }
    }
  }

  private void unlock(int shard) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_unlock(" + SHARDS + ", ?)")) {
      statement.setInt(1, shard);
      statement.executeQuery().close();
    }
    owned.remove(shard);
  }
}
