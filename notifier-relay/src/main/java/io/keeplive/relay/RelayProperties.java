package io.keeplive.relay;

import io.keeplive.contracts.notification.Notifications;
import io.keeplive.relay.kafka.KafkaPublishing;
import io.keeplive.relay.outbox.OutboxRelay;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keeplive.relay.*}: everything the relay needs besides {@code spring.datasource.*} (the
 * outbox database) and {@code spring.kafka.*} (bootstrap servers and client overrides).
 *
 * @param topic Kafka topic the notifications go to.
 * @param partitions partitions of the topic when the relay creates it; tenants are spread over them
 *     by record key, so this caps consumer parallelism.
 * @param replication replication factor of the topic when the relay creates it; 0 (the default)
 *     means one replica per broker, up to 3.
 * @param allowSingleReplica whether the relay may create the topic with a single replica outside
 *     development mode (where a lost broker loses notifications); off by default, so a relay
 *     pointed at a one-broker cluster refuses to create the topic and says why.
 * @param createTopic whether the relay creates the topic when it is missing; switch off where
 *     topics are managed elsewhere (the relay then waits until the topic exists).
 * @param batchSize maximum outbox rows read, published and deleted in one round trip per lane.
 * @param pollInterval how often a lane reads all the shards it owns at the latest, NOTIFY or not;
 *     bounds the delay of a row whose NOTIFY was lost (and is the only wake-up when {@code listen}
 *     is off).
 * @param listen whether to LISTEN on the {@code keeplive_outbox} channel for immediate wake-ups.
 * @param lanes worker threads per instance; each holds its own database session and its own share
 *     of the 64 outbox shards, so a lane is the unit of ownership (two lanes behave like two
 *     relays).
 * @param rebalanceInterval how often a lane recounts the live lanes and takes or gives back shards;
 *     bounds how long the shards of a dead instance stay unowned.
 * @param retryBackoff ceiling of the first wait after a database or Kafka failure; the ceiling
 *     doubles up to {@code maxRetryBackoff} per failure in a row, and each wait is drawn at random
 *     below it (full jitter).
 * @param maxRetryBackoff upper bound of the wait between retries.
 * @param backlogSampleInterval how often the backlog gauges are refreshed from the outbox table.
 * @param shutdownTimeout how long a graceful stop waits for the batch in flight before it abandons
 *     it (abandoned rows stay in the outbox and are published again, with the same id).
 * @param socketTimeout database socket read timeout; a session that stops answering for this long
 *     is treated as dead, which also bounds how long a half-open connection can keep its shards.
 */
@Validated
@ConfigurationProperties("keeplive.relay")
public record RelayProperties(
    @DefaultValue(Notifications.DEFAULT_TOPIC) @NotBlank String topic,
    @DefaultValue("12") @Min(1) int partitions,
    @DefaultValue("0") @Min(0) short replication,
    @DefaultValue("false") boolean allowSingleReplica,
    @DefaultValue("true") boolean createTopic,
    @DefaultValue("2000") @Min(1) int batchSize,
    @DefaultValue("500ms") @NotNull Duration pollInterval,
    @DefaultValue("true") boolean listen,
    @DefaultValue("2") @Min(1) int lanes,
    @DefaultValue("1s") @NotNull Duration rebalanceInterval,
    @DefaultValue("100ms") @NotNull Duration retryBackoff,
    @DefaultValue("2s") @NotNull Duration maxRetryBackoff,
    @DefaultValue("5s") @NotNull Duration backlogSampleInterval,
    @DefaultValue("10s") @NotNull Duration shutdownTimeout,
    @DefaultValue("30s") @NotNull Duration socketTimeout) {

  /** Settings of the outbox side. */
  public OutboxRelay.Settings outbox() {
    return new OutboxRelay.Settings(
        batchSize,
        pollInterval,
        listen,
        lanes,
        rebalanceInterval,
        retryBackoff,
        maxRetryBackoff,
        backlogSampleInterval,
        shutdownTimeout);
  }

  /**
   * Settings of the Kafka side.
   *
   * @param devMode development mode, where a single-broker Kafka is the norm
   */
  public KafkaPublishing.Settings kafka(boolean devMode) {
    return new KafkaPublishing.Settings(
        topic, partitions, replication, createTopic, devMode || allowSingleReplica);
  }
}
