package io.keeplive.relay.testing;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.notification.Notifications;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes outbox rows exactly as resource-service does (docs/architecture.md): as the last step of
 * the transaction, the per-tenant advisory transaction lock, then one row per notification with
 * {@code nextval} position and the tenant's shard, then {@code pg_notify} with the shard. Rows
 * carry their encoded event ({@code payload}) as resource-service writes it, unless a test asks for
 * rows from before that column ({@link #writeWithoutPayload}).
 */
public final class OutboxWrites {

  /**
   * The payload of a filled row, built by the database: byte for byte what {@link
   * NotificationCodec#encode} makes of the event in the row's columns (field order, compact JSON,
   * {@code Instant} time, here always with six fraction digits), so pre-filled rows are what
   * resource-service writes. Needs {@code s.id}, {@code s.r} (record id), {@code t.tenant} and
   * {@link #ISO_TIME_SQL} as {@code t_at}; no value needs JSON escaping.
   */
  private static final String PAYLOAD_SQL =
      "convert_to('{\"specversion\":\"1.0\",\"id\":\"' || s.id || '\",\"source\":\""
          + NotificationCodec.SOURCE
          + "\",\"type\":\"keeplive.tickets.update\",\"subject\":\"' || s.r"
          + " || '\",\"time\":\"' || t_at.iso || '\",\"datacontenttype\":"
          + "\"application/json\",\"tenantid\":\"' || t.tenant || '\",\"data\":"
          + "{\"resource\":\"tickets\",\"action\":\"update\",\"action_type\":\"update\","
          + "\"record_id\":\"' || s.r || '\",\"topics\":[\"tickets\",\"ticket:' || s.r"
          + " || '\"],\"actor_id\":\"alice\",\"changed\":[\"status\"],\"occurred_at\":\"'"
          + " || t_at.iso || '\"}}', 'UTF8')";

  /** {@code s.at} as {@code Instant.toString()} writes it, as the lateral {@code t_at(iso)}. */
  private static final String ISO_TIME_SQL =
      " CROSS JOIN LATERAL (SELECT to_char(s.at AT TIME ZONE 'UTC',"
          + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS iso) t_at";

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
    return write(connection, tenant, count, NotificationCodec::encode);
  }

  /**
   * Like {@link #write}, but the rows have no {@code payload}, as a resource-service from before
   * the payload column writes them during a rolling upgrade.
   */
  public static List<Written> writeWithoutPayload(Connection connection, String tenant, int count)
      throws SQLException {
    return write(connection, tenant, count, event -> null);
  }

  /** Like {@link #write}, with the payload made by {@code payload} from the row's event. */
  public static List<Written> writeWithPayload(
      Connection connection, String tenant, int count, Function<ResourceChanged, byte[]> payload)
      throws SQLException {
    return write(connection, tenant, count, payload);
  }

  private static final String TRACEPARENT =
      "00-" + "0af7651916cd43dd8448eb211c80319c" + "-b7ad6b7169203331-01";

  /** The event {@link #write} describes in its columns, as resource-service would encode it. */
  public static ResourceChanged eventOf(
      UUID id, String tenant, String recordId, Instant occurredAt) {
    return new ResourceChanged(
        id,
        tenant,
        "tickets",
        "update",
        ActionType.UPDATE,
        recordId,
        List.of("tickets", "ticket:" + recordId),
        "alice",
        List.of("status"),
        occurredAt,
        TRACEPARENT);
  }

  private static List<Written> write(
      Connection connection, String tenant, int count, Function<ResourceChanged, byte[]> payload)
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
                + " record_id, topics, changed, actor_id, traceparent, occurred_at, payload)"
                + " VALUES (nextval('outbox_position_seq'), ?, ?, ?, 'tickets', 'update',"
                + " 'update', ?, ?, ?, 'alice', ?, ?, ?) RETURNING position")) {
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
        insert.setString(7, TRACEPARENT);
        Instant occurredAt = Instant.now();
        insert.setTimestamp(8, Timestamp.from(occurredAt));
        insert.setBytes(9, payload.apply(eventOf(id, tenant, recordId, occurredAt)));
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
                    + " record_id, topics, changed, actor_id, occurred_at, payload)"
                    + " SELECT nextval('outbox_position_seq'), s.id, ?, t.tenant, 'tickets',"
                    + " 'update', 'update', s.r, ARRAY['tickets', 'ticket:' || s.r],"
                    + " ARRAY['status'], 'alice', s.at, "
                    + PAYLOAD_SQL
                    + " FROM (SELECT ?::text AS tenant) t, (SELECT gen_random_uuid() AS id,"
                    + " gen_random_uuid()::text AS r, clock_timestamp() AS at, g"
                    + " FROM generate_series(1, ?) g ORDER BY g) s"
                    + ISO_TIME_SQL
                    + " ORDER BY s.g")) {
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
                  + " record_id, topics, changed, actor_id, occurred_at, payload)"
                  + " SELECT nextval('outbox_position_seq'), s.id, t.shard, t.tenant,"
                  + " 'tickets', 'update', 'update', s.r, ARRAY['tickets', 'ticket:' || s.r],"
                  + " ARRAY['status'], 'alice', s.at, "
                  + PAYLOAD_SQL
                  + " FROM unnest(?::text[], ?::smallint[]) WITH ORDINALITY AS t(tenant, shard, n)"
                  // t.n makes the subquery depend on t: evaluated once per tenant, not once for
                  // all of them (which would repeat the ids).
                  + " CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id,"
                  + " gen_random_uuid()::text AS r, clock_timestamp() AS at, t.n, g"
                  + " FROM generate_series(1, ?) g) s"
                  + ISO_TIME_SQL
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
