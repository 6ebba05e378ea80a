package io.keeplive.relay.testing;

import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.testsupport.Postgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real pgjdbc sessions that count, per relay thread, the statements prepared on them that read the
 * outbox ({@code SELECT ... FROM outbox}): what a relay asks of PostgreSQL, seen from the wire
 * side.
 */
public final class CountingConnections implements ConnectionSource {

  private final ConnectionSource delegate;
  private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

  public CountingConnections(Postgres.Database database) {
    this.delegate = Relays.connections(database);
  }

  @Override
  public Connection open() throws SQLException {
    Connection real = delegate.open();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")
                  && args != null
                  && args[0] instanceof String sql
                  && sql.startsWith("SELECT")
                  && sql.contains("FROM outbox")) {
                reads
                    .computeIfAbsent(Thread.currentThread().getName(), t -> new AtomicInteger())
                    .incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Outbox reads so far by each thread whose name contains {@code part}. */
  public Map<String, Integer> readsBy(String part) {
    Map<String, Integer> out = new TreeMap<>();
    reads.forEach(
        (thread, count) -> {
          if (thread.contains(part)) {
            out.put(thread, count.get());
          }
        });
    return out;
  }

  public void reset() {
    reads.clear();
  }
}
