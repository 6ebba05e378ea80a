package io.keeplive.resource.write;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code keeplive.idempotency.*}: how long an {@code Idempotency-Key} is remembered.
 *
 * @param retention a key older than this no longer replays its create (a retry with it creates
 *     anew) and its row is purged; clients retry within seconds, so a day is ample
 * @param purgeInterval time between two purges of expired keys
 * @param purgeBatch most rows one purge statement deletes: short statements that never hold many
 *     row locks or a long transaction, however many keys expired at once
 */
@ConfigurationProperties("keeplive.idempotency")
public record IdempotencyProperties(
    @DefaultValue("24h") Duration retention,
    @DefaultValue("5m") Duration purgeInterval,
    @DefaultValue("1000") int purgeBatch) {

  public IdempotencyProperties {
    // Zero would expire every key at once (no idempotency at all) or purge in a busy loop.
    if (retention.toSeconds() < 1 || purgeInterval.isNegative() || purgeInterval.isZero()) {
      throw new IllegalArgumentException(
          "keeplive.idempotency.retention must be at least 1s and purge-interval positive");
    }
    if (purgeBatch < 1) {
      throw new IllegalArgumentException("keeplive.idempotency.purge-batch must be at least 1");
    }
  }
}
