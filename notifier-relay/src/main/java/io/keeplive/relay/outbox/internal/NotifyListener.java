package io.keeplive.relay.outbox.internal;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.contracts.retry.Backoff;
import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.relay.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The LISTEN session: when a writer signals on {@code keeplive_outbox} with its shard, wakes the
 * lane that owns that shard, for that shard. It only shortens the wait; correctness never depends
 * on it — a lane reads all its shards at least every poll interval, and after this session
 * (re)connects it wakes all lanes once, for everything, because of NOTIFYs sent while it was away.
 * A payload that is not a shard number wakes every lane for everything.
 */
public final class NotifyListener extends Worker {

  private static final int WAIT_MILLIS = 250;

  private final ConnectionSource connections;
  private final OutboxRelay.Settings settings;
  private final RelayListener listener;
  private final List<Lane> lanes;

  public NotifyListener(
      String name,
      ConnectionSource connections,
      OutboxRelay.Settings settings,
      RelayListener listener,
      List<Lane> lanes) {
    super(name, new Wakeup());
    this.connections = connections;
    this.settings = settings;
    this.listener = listener;
    this.lanes = List.copyOf(lanes);
  }

  @Override
  protected void loop() {
    // Jittered, so lanes and relays that failed together (a PostgreSQL restart) come back apart.
    Backoff backoff = Backoff.exponential(settings.retryBackoff(), settings.maxRetryBackoff());
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
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              route(notification.getParameter());
            }
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

  private void route(String payload) {
    int shard = shardOf(payload);
    if (shard < 0) {
      wakeLanes();
      return;
    }
    for (Lane lane : lanes) {
      lane.notified(shard);
    }
  }

  /** The shard a writer's payload names, or -1. */
  static int shardOf(String payload) {
    try {
      int shard = Integer.parseInt(payload);
      return shard >= 0 && shard < Notifications.OUTBOX_SHARDS ? shard : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void wakeLanes() {
    for (Lane lane : lanes) {
      lane.wakeForEverything();
    }
  }
}
