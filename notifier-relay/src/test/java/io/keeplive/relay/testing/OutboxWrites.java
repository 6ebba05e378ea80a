package io.keeplive.relay.testing;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes outbox rows exactly as resource-service does (docs/architecture.md): as the last step of
 * the transaction, the per-tenant advisory transaction lock, then one row per notification with
 * {@code nextval} position and the tenant's shard, then {@code pg_notify} with the shard.
 */
public final class OutboxWrites {

  private final Postgres.Database database;

  public OutboxWrites(Postgres.Database database) {
    this.database = database;
  }

  /** What a test wrote: the outbox id and record id of each row, in commit order. */
  public record Written(UUID id, String tenant, String recordId, long position) {}

  /** One committed transaction with {@code count} rows for {@code tenant}. */
  public List<Written> commit(String tenant, int count) {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      List<Written> rows = write(connection, tenant, count);
      connection.commit();
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes into an open transaction of the caller (autocommit off); the caller decides when it
   * commits, which is how tests interleave transactions.
   */
  public static List<Written> write(Connection connection, String tenant, int count)
      throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT pg_advisory_xact_lock(hashtext('keeplive.outbox:' || ?))")) {
      lock.setString(1, tenant);
      lock.executeQuery().close();
    }
    int shard = Notifications.shardOf(tenant);
    List<Written> rows = new ArrayList<>();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
                + " record_id, topics, changed, actor_id, traceparent)"
                + " VALUES (nextval('outbox_position_seq'), ?, ?, ?, 'tickets', 'update',"
                + " 'update', ?, ?, ?, 'alice', ?) RETURNING position")) {
      for (int i = 0; i < count; i++) {
        UUID id = UUID.randomUUID();
        String recordId = UUID.randomUUID().toString();
        insert.setObject(1, id);
        insert.setInt(2, shard);
        insert.setString(3, tenant);
        insert.setString(4, recordId);
        insert.setArray(
            5, connection.createArrayOf("text", new String[] {"tickets", "ticket:" + recordId}));
        insert.setArray(6, connection.createArrayOf("text", new String[] {"status"}));
        insert.setString(7, "00-" + "0af7651916cd43dd8448eb211c80319c" + "-b7ad6b7169203331-01");
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          rows.add(new Written(id, tenant, recordId, rs.getLong(1)));
        }
      }
    }
    try (PreparedStatement notify =
        connection.prepareStatement(
            "SELECT pg_notify('" + Notifications.NOTIFY_CHANNEL + "', ?)")) {
      notify.setString(1, Integer.toString(shard));
      notify.executeQuery().close();
    }
    return rows;
  }

  /**
   * Pre-fills the outbox fast: per tenant one transaction (same lock-then-insert protocol) with
   * {@code rowsPerTenant} rows made by one set-based insert.
   */
  public void fill(List<String> tenants, int rowsPerTenant) {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      for (String tenant : tenants) {
        try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtext('keeplive.outbox:' || ?))")) {
          lock.setString(1, tenant);
          lock.executeQuery().close();
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
                    + " record_id, topics, changed, actor_id)"
                    + " SELECT nextval('outbox_position_seq'), gen_random_uuid(), ?, ?, 'tickets',"
                    + " 'update', 'update', r, ARRAY['tickets', 'ticket:' || r], ARRAY['status'],"
                    + " 'alice' FROM (SELECT gen_random_uuid()::text AS r, g"
                    + " FROM generate_series(1, ?) g ORDER BY g) s")) {
          insert.setInt(1, Notifications.shardOf(tenant));
          insert.setString(2, tenant);
          insert.setInt(3, rowsPerTenant);
          insert.executeUpdate();
        }
        connection.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Pre-fills the outbox in one transaction and one statement: {@code rowsPerTenant} rows for each
   * tenant (positions grouped by tenant, in list order), then a NOTIFY for every shard. A running
   * relay sees none of the rows until the commit and all of them after it. No advisory locks: this
   * is for a database that nothing else writes, where they would only order concurrent writers.
   */
  public void fillAtOnce(List<String> tenants, int rowsPerTenant) {
    String[] tenantArray = tenants.toArray(String[]::new);
    Integer[] shards = tenants.stream().map(Notifications::shardOf).toArray(Integer[]::new);
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO outbox (position, id, shard, tenant_id, resource, action, action_type,"
                  + " record_id, topics, changed, actor_id)"
                  + " SELECT nextval('outbox_position_seq'), gen_random_uuid(), t.shard, t.tenant,"
                  + " 'tickets', 'update', 'update', s.r, ARRAY['tickets', 'ticket:' || s.r],"
                  + " ARRAY['status'], 'alice'"
                  + " FROM unnest(?::text[], ?::smallint[]) WITH ORDINALITY AS t(tenant, shard, n)"
                  + " CROSS JOIN LATERAL (SELECT gen_random_uuid()::text AS r, g"
                  + " FROM generate_series(1, ?) g) s"
                  + " ORDER BY t.n, s.g")) {
        insert.setArray(1, connection.createArrayOf("text", tenantArray));
        insert.setArray(2, connection.createArrayOf("int2", shards));
        insert.setInt(3, rowsPerTenant);
        insert.executeUpdate();
      }
      try (PreparedStatement notify =
          connection.prepareStatement(
              "SELECT pg_notify('"
                  + Notifications.NOTIFY_CHANNEL
                  + "', s::text) FROM generate_series(0, "
                  + (Notifications.OUTBOX_SHARDS - 1)
                  + ") s")) {
        notify.executeQuery().close();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Everything in the outbox now, in position order. */
  public List<Written> contents() {
    List<Written> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT id, tenant_id, record_id, position FROM outbox ORDER BY position")) {
      while (rs.next()) {
        rows.add(
            new Written(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Rows left in the outbox. */
  public long remaining() {
    try (Connection connection = database.connect();
        ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Two distinct tenants that map to the same outbox shard (so one lane orders both). */
  public static List<String> tenantsOnOneShard(String prefix, int howMany) {
    List<String> tenants = new ArrayList<>();
    int shard = -1;
    for (int i = 0; tenants.size() < howMany; i++) {
      String tenant = prefix + "-" + i;
      if (shard < 0) {
        shard = Notifications.shardOf(tenant);
      }
      if (Notifications.shardOf(tenant) == shard) {
        tenants.add(tenant);
      }
    }
    return tenants;
  }
}
