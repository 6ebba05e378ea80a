package io.keeplive.relay.testing;

import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connection source that remembers the backend pid of every session it opened, so a test can
 * terminate exactly one relay's sessions (as Postgres does for a crashed host), and can refuse new
 * sessions (so the "crashed" relay stays dead).
 */
public final class KillableConnections implements ConnectionSource {

  private final Postgres.Database database;
  private final ConnectionSource delegate;
  private final List<Integer> pids = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  public KillableConnections(Postgres.Database database) {
    this.database = database;
    this.delegate = Relays.connections(database);
  }

  @Override
  public Connection open() throws SQLException {
    if (refusing) {
      throw new SQLException("connection refused by test");
    }
    Connection connection = delegate.open();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pids.add(rs.getInt(1));
    }
    return connection;
  }

  /** Terminates every session opened so far; with {@code andRefuse}, no new ones either. */
  public void kill(boolean andRefuse) {
    refusing = andRefuse;
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (int pid : pids) {
        statement.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void allow() {
    refusing = false;
  }
}
