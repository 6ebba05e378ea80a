package io.keeplive.relay.outbox.internal;

import io.keeplive.relay.outbox.ConnectionSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Opening and closing the relay's dedicated sessions. */
final class Sessions {

  private Sessions() {}

  /**
   * Opens an autocommit session with server-side TCP keepalives, so that Postgres notices a
   * vanished relay host within about 25 seconds and frees the advisory locks it held (a clean exit
   * or a killed process frees them at once, when the socket closes).
   */
  static Connection open(ConnectionSource source) throws SQLException {
    Connection connection = source.open();
    try (Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute(
          "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5;"
              + " SET tcp_keepalives_count = 3");
      return connection;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing a session that already failed; the server drops it either way.
      }
    }
  }
}
