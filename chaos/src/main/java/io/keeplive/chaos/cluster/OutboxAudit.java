package io.keeplive.chaos.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The checker's witness of every committed outbox row: a trigger copies each row into {@code
 * chaos_outbox_audit} in the writing transaction, so an audit row exists exactly when the outbox
 * row committed, and stays after the relay deleted the original. Not part of the product: the
 * cluster installs it after the first resource-service migrated the schema.
 */
final class OutboxAudit {

  private OutboxAudit() {}

  static void install(ClusterSettings settings) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                PostgresServer.jdbcUrl(settings, PostgresServer.DATABASE),
                PostgresServer.USER,
                "");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS chaos_outbox_audit (position bigint PRIMARY KEY,"
              + " id uuid NOT NULL, tenant_id text NOT NULL, resource text NOT NULL,"
              + " action text NOT NULL, record_id text NOT NULL, actor_id text NOT NULL,"
              + " recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      statement.execute(
          "CREATE OR REPLACE FUNCTION chaos_outbox_audit() RETURNS trigger LANGUAGE plpgsql AS $$"
              + " BEGIN INSERT INTO chaos_outbox_audit (position, id, tenant_id, resource, action,"
              + " record_id, actor_id) VALUES (NEW.position, NEW.id, NEW.tenant_id, NEW.resource,"
              + " NEW.action, NEW.record_id, NEW.actor_id); RETURN NEW; END $$");
      statement.execute(
          "CREATE OR REPLACE TRIGGER chaos_outbox_audit AFTER INSERT ON outbox"
              + " FOR EACH ROW EXECUTE FUNCTION chaos_outbox_audit()");
    }
  }
}
