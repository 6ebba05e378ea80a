package io.keeplive.relay.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens a new, dedicated database session. The relay never borrows from a pool: a lane's session
 * holds its shard locks for as long as it lives, and the LISTEN session must stay the same session,
 * so each is opened once and kept until it fails.
 */
@FunctionalInterface
public interface ConnectionSource {

  Connection open() throws SQLException;

  /**
   * A pgjdbc source. {@code socketTimeout} turns a peer that stopped answering into an error
   * instead of a hang; server-side TCP keepalives (set per session by the relay) let Postgres drop
   * the session, and with it the shard locks, of a relay host that vanished.
   */
  static ConnectionSource pgjdbc(
      String jdbcUrl, String user, String password, Duration socketTimeout) {
    return () -> {
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      properties.setProperty("ApplicationName", "keeplive-notifier-relay");
      properties.setProperty("connectTimeout", "5");
      properties.setProperty("tcpKeepAlive", "true");
      properties.setProperty(
          "socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
      return DriverManager.getConnection(jdbcUrl, properties);
    };
  }
}
