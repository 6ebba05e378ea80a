package io.keeplive.relay.testing;

import io.keeplive.relay.kafka.KafkaPublishing;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.testsupport.Postgres;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Builds relay instances for tests, with short intervals so that tests finish quickly. */
public final class Relays {

  private Relays() {}

  public static OutboxRelay.Settings fastSettings() {
    return new OutboxRelay.Settings(
        500,
        Duration.ofMillis(200),
        true,
        1,
        Duration.ofMillis(200),
        Duration.ofMillis(50),
        Duration.ofMillis(500),
        Duration.ofMillis(200),
        Duration.ofSeconds(10));
  }

  public static OutboxRelay relay(
      Postgres.Database database,
      String bootstrapServers,
      String topic,
      OutboxRelay.Settings settings,
      RelayListener listener) {
    return relay(connections(database), bootstrapServers, topic, settings, listener);
  }

  public static OutboxRelay relay(
      ConnectionSource connections,
      String bootstrapServers,
      String topic,
      OutboxRelay.Settings settings,
      RelayListener listener) {
    return new OutboxRelay(
        settings, connections, kafka(bootstrapServers, topic, true, listener), listener);
  }

  public static KafkaPublishing kafka(
      String bootstrapServers, String topic, boolean createTopic, RelayListener listener) {
    return new KafkaPublishing(
        new KafkaPublishing.Settings(topic, 4, (short) 1, createTopic, true),
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        listener);
  }

  public static OutboxRelay.Settings withLanes(OutboxRelay.Settings s, int lanes) {
    return new OutboxRelay.Settings(
        s.batchSize(),
        s.pollInterval(),
        s.listen(),
        lanes,
        s.rebalanceInterval(),
        s.retryBackoff(),
        s.maxRetryBackoff(),
        s.backlogSampleInterval(),
        s.shutdownTimeout());
  }

  public static OutboxRelay.Settings withBatch(OutboxRelay.Settings s, int batchSize) {
    return new OutboxRelay.Settings(
        batchSize,
        s.pollInterval(),
        s.listen(),
        s.lanes(),
        s.rebalanceInterval(),
        s.retryBackoff(),
        s.maxRetryBackoff(),
        s.backlogSampleInterval(),
        s.shutdownTimeout());
  }

  public static OutboxRelay.Settings withWakeups(
      OutboxRelay.Settings s, boolean listen, Duration pollInterval) {
    return withTimings(s, listen, pollInterval, s.rebalanceInterval());
  }

  /**
   * Polls and rebalances only every {@code interval} (both make a lane read all its shards), so
   * that apart from start-up only NOTIFYs make a lane read sooner.
   */
  public static OutboxRelay.Settings quiet(
      OutboxRelay.Settings s, boolean listen, Duration interval) {
    return withTimings(s, listen, interval, interval);
  }

  private static OutboxRelay.Settings withTimings(
      OutboxRelay.Settings s, boolean listen, Duration pollInterval, Duration rebalanceInterval) {
    return new OutboxRelay.Settings(
        s.batchSize(),
        pollInterval,
        listen,
        s.lanes(),
        rebalanceInterval,
        s.retryBackoff(),
        s.maxRetryBackoff(),
        s.backlogSampleInterval(),
        s.shutdownTimeout());
  }

  public static ConnectionSource connections(Postgres.Database database) {
    return ConnectionSource.pgjdbc(
        database.jdbcUrl(), database.user(), database.password(), Duration.ofSeconds(30));
  }
}
