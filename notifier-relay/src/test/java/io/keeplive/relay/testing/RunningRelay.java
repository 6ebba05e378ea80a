package io.keeplive.relay.testing;

import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.outbox.OutboxRelay;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.util.UUID;

/**
 * One relay on its own fresh database and topic, with a writer in front and a reader behind it: the
 * setting of the tests that watch a single relay move rows.
 */
public final class RunningRelay implements AutoCloseable {

  public final Postgres.Database database;
  public final OutboxWrites writes;
  public final OutboxRelay relay;
  public final TopicReader reader;

  private RunningRelay(String hint) {
    String topic = hint + "-" + UUID.randomUUID();
    database = Postgres.shared().newDatabase(hint).migrate();
    writes = new OutboxWrites(database);
    relay =
        Relays.relay(
            database,
            Kafka.shared().bootstrapServers(),
            topic,
            Relays.fastSettings(),
            RelayListener.NONE);
    relay.start();
    reader = new TopicReader(Kafka.shared().bootstrapServers(), topic);
  }

  public static RunningRelay start(String hint) {
    return new RunningRelay(hint);
  }

  @Override
  public void close() {
    relay.close();
    reader.close();
  }
}
