package io.keeplive.relay.outbox.internal;

import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.relay.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Samples the whole outbox (row count, age of the oldest row) for the backlog gauges, on its own
 * session so that a slow count never delays publishing. Every instance reports the same global
 * figures; dashboards take the max, not the sum.
 */
public final class BacklogSampler extends Worker {

  private static final String SAMPLE =
      "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(occurred_at)), 0)"
          + " FROM outbox";

  private final ConnectionSource connections;
  private final OutboxRelay.Settings settings;
  private final RelayListener listener;

  public BacklogSampler(
      String name,
      ConnectionSource connections,
      OutboxRelay.Settings settings,
      RelayListener listener) {
    super(name, new Wakeup());
    this.connections = connections;
    this.settings = settings;
    this.listener = listener;
  }

  @Override
  protected void loop() {
    Connection connection = null;
    while (!stopping) {
      try {
        if (connection == null) {
          connection = Sessions.open(connections);
        }
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(SAMPLE)) {
          rs.next();
          double ageSeconds = Math.max(0, rs.getDouble(2));
          listener.backlog(rs.getLong(1), Duration.ofMillis((long) (ageSeconds * 1000)));
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopping) {
          listener.failed(RelayErrorKind.BACKLOG, e);
        }
        Sessions.closeQuietly(connection);
        connection = null;
      }
      pause(settings.backlogSampleInterval());
    }
    Sessions.closeQuietly(connection);
  }
}
