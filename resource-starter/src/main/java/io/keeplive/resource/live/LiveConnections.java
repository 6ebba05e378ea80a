package io.keeplive.resource.live;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The connections the live API reads with: a pool of its own over the same connection factory as
 * the main pool, or the main pool itself when {@code size} is 0.
 */
public final class LiveConnections {

  private final ConnectionPool own;
  private final DatabaseClient client;

  private LiveConnections(ConnectionPool own, ConnectionFactory factory) {
    this.own = own;
    this.client = DatabaseClient.create(factory);
  }

  public static LiveConnections of(ConnectionFactory main, int size) {
    if (size <= 0) {
      return new LiveConnections(null, main);
    }
    ConnectionFactory target = main instanceof ConnectionPool pool ? pool.unwrap() : main;
    ConnectionPool own =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(target)
                .name("keeplive-live")
                .initialSize(1)
                .maxSize(size)
                .build());
    return new LiveConnections(own, own);
  }

  public DatabaseClient client() {
    return client;
  }

  /** Whether the live API has connections of its own. */
  public boolean separate() {
    return own != null;
  }

  public void dispose() {
    if (own != null) {
      own.dispose();
    }
  }
}
