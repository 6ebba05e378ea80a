package io.keeplive.relay.outbox.internal;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.relay.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The LISTEN session: wakes every lane when a writer signals on {@code keeplive_outbox}. It only
 * shortens the wait; correctness never depends on it — a lane reads the outbox at least every poll
 * interval, and after this session (re)connects it wakes all lanes once, for NOTIFYs sent while it
 * was away.
 */
public final class NotifyListener extends Worker {

  private static final int WAIT_MILLIS = 250;

  private final ConnectionSource connections;
  private final OutboxRelay.Settings settings;
  private final RelayListener listener;
  private final Wakeup[] lanes;

  public NotifyListener(
      String name,
      ConnectionSource connections,
      OutboxRelay.Settings settings,
      RelayListener listener,
      Wakeup[] lanes) {
    super(name, new Wakeup());
    this.connections = connections;
    this.settings = settings;
    this.listener = listener;
    this.lanes = lanes.clone();
  }

  @Override
  protected void loop() {
    Backoff backoff = new Backoff(settings.retryBackoff(), settings.maxRetryBackoff());
    while (!stopping) {
      Connection connection = null;
      try {
        connection = Sessions.open(connections);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + Notifications.NOTIFY_CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        backoff.reset();
        wakeLanes();
        while (!stopping) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            wakeLanes();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopping) {
          listener.failed(RelayErrorKind.LISTEN, e);
        }
      } finally {
        Sessions.closeQuietly(connection);
      }
      if (!stopping) {
        pause(backoff.next());
      }
    }
  }

  private void wakeLanes() {
    for (Wakeup lane : lanes) {
      lane.signal();
    }
  }
}
