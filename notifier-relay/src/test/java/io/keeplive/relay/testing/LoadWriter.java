package io.keeplive.relay.testing;

import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers that keep committing outbox rows (the resource-service protocol) on their own threads
 * until stopped, remembering per tenant the ids in commit order. Each writer owns its tenants, so a
 * tenant's commits are sequential and their list order is the commit order.
 */
public final class LoadWriter implements AutoCloseable {

  private final Map<String, List<UUID>> committed = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong rows = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  public LoadWriter(Postgres.Database database, int writers, int tenantsPerWriter) {
    for (int w = 0; w < writers; w++) {
      List<String> tenants = new ArrayList<>();
      for (int t = 0; t < tenantsPerWriter; t++) {
        tenants.add("load-w" + w + "-t" + t + "-" + UUID.randomUUID());
      }
      Thread thread =
          new Thread(
              () -> {
                try (Connection connection = database.connect()) {
                  connection.setAutoCommit(false);
                  while (running.get()) {
                    for (String tenant : tenants) {
                      List<OutboxWrites.Written> written =
                          OutboxWrites.write(connection, tenant, 2);
                      connection.commit();
                      written.forEach(
                          row ->
                              committed
                                  .computeIfAbsent(tenant, k -> new ArrayList<>())
                                  .add(row.id()));
                      rows.addAndGet(written.size());
                    }
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              },
              "load-writer-" + w);
      thread.start();
      threads.add(thread);
    }
  }

  public long rows() {
    return rows.get();
  }

  /** Stops the writers and returns, per tenant, the committed ids in commit order. */
  public Map<String, List<UUID>> stop() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Map.copyOf(committed);
  }

  @Override
  public void close() {
    stop();
  }
}
