package io.keeplive.resource.write;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keeplive.idempotency.*}: how long an {@code Idempotency-Key} is remembered. Zero would
 * expire every key at once (no idempotency at all) or purge in a busy loop, so each is at least 1
 * (1s), checked at startup.
 *
 * @param retention a key older than this no longer replays its create (a retry with it creates
 *     anew) and its row is purged; clients retry within seconds, so a day is ample
 * @param purgeInterval time between two purges of expired keys
 * @param purgeBatch most rows one purge statement deletes: short statements that never hold many
 *     row locks or a long transaction, however many keys expired at once
 */
@ConfigurationProperties("keeplive.idempotency")
@Validated
public record IdempotencyProperties(
    @DefaultValue("24h") @DurationMin(seconds = 1) Duration retention,
    @DefaultValue("5m") @DurationMin(nanos = 1) Duration purgeInterval,
    @DefaultValue("1000") @Min(1) int purgeBatch) {}
