package io.keeplive.relay.kafka;

import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka side of the relay: producer settings, topic provisioning, and a {@link KafkaPublisher}
 * per lane.
 *
 * <p>Producer settings that the delivery guarantee depends on are forced, whatever {@code
 * spring.kafka.producer.*} says: {@code enable.idempotence=true}, {@code acks=all} and at most five
 * requests in flight (the idempotent producer keeps per-partition order with up to five).
 * Everything else (bootstrap servers, linger, compression, security) comes from the caller.
 */
public final class KafkaPublishing {

  /**
   * @param topic the notification topic
   * @param partitions partitions when the topic is created
   * @param replication replication factor when the topic is created; 0 for {@link
   *     #replicationFactor one replica per broker, up to three}
   * @param createTopic whether a missing topic is created
   * @param singleReplicaAllowed whether a topic with a single replica may be created (development
   *     mode, or explicitly allowed): one broker lost would lose notifications
   */
  public record Settings(
      String topic,
      int partitions,
      short replication,
      boolean createTopic,
      boolean singleReplicaAllowed) {}

  /** The replication factor a topic gets when none is configured: three, or fewer brokers. */
  static final short DEFAULT_REPLICATION = 3;

  private final Settings settings;
  private final Map<String, Object> clientConfig;
  private final RelayListener listener;
  private volatile boolean topicReady;

  /**
   * @param clientConfig Kafka client properties, at least {@code bootstrap.servers}
   */
  public KafkaPublishing(
      Settings settings, Map<String, Object> clientConfig, RelayListener listener) {
    this.settings = settings;
    this.clientConfig = Map.copyOf(clientConfig);
    this.listener = listener;
  }

  public Settings settings() {
    return settings;
  }

  /** A new publisher with its own producer; one per lane, used by that lane's thread only. */
  public KafkaPublisher newPublisher(String clientId) {
    return new KafkaPublisher(settings.topic(), () -> producerConfig(clientId), listener);
  }

  Map<String, Object> producerConfig(String clientId) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    // A record that cannot be delivered fails after 30 s instead of the default two minutes; the
    // relay then replaces the producer and sends the rows again (they are still in the outbox).
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /**
   * Waits until every partition of a (possibly just created) topic has a leader. Producing into a
   * partition the broker has not finished creating gets retriable errors that an idempotent
   * producer can turn into a stuck sequence, so publishing starts only on a settled topic.
   */
  private void awaitLeaders(Admin admin) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        TopicDescription description =
            admin
                .describeTopics(List.of(settings.topic()))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(settings.topic());
        if (description.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new ExecutionException("topic " + settings.topic() + " has no leaders yet", e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new ExecutionException(
            new IllegalStateException("topic " + settings.topic() + " has no leaders yet"));
      }
      Thread.sleep(100);
    }
  }

  /**
   * The replication factor of a new topic: the configured one, or (configured 0) one replica per
   * broker up to {@link #DEFAULT_REPLICATION}, so a three-broker cluster survives a broker loss and
   * a smaller one still gets a topic it can host.
   */
  static short replicationFactor(short configured, int brokers) {
    if (configured > 0) {
      return configured;
    }
    return (short) Math.max(1, Math.min(DEFAULT_REPLICATION, brokers));
  }

  /**
   * Makes sure the topic exists: creates it when allowed, otherwise only checks. Returns whether it
   * exists; a failure is reported and answered with {@code false} so the caller retries later.
   * Cheap after the first success.
   */
  public boolean ensureTopic() {
    if (topicReady) {
      return true;
    }
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.keySet().retainAll(AdminClientConfig.configNames());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    // Each check has an admin client of its own, which bootstraps afresh anyway. Rebootstrapping
    // inside one while no broker answers spins: thousands of rebootstraps (and log lines) a second.
    config.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      if (!existing.contains(settings.topic())) {
        if (!settings.createTopic()) {
          listener.failed(
              RelayErrorKind.TOPIC,
              new IllegalStateException(
                  "topic " + settings.topic() + " does not exist and creation is switched off"));
          return false;
        }
        int brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        short replication = replicationFactor(settings.replication(), brokers);
        if (replication == 1 && !settings.singleReplicaAllowed()) {
          listener.failed(
              RelayErrorKind.TOPIC,
              new IllegalStateException(
                  "refusing to create topic "
                      + settings.topic()
                      + " with a single replica ("
                      + brokers
                      + " broker(s)): losing that broker would lose notifications; add brokers,"
                      + " create the topic yourself, or set keeplive.relay.allow-single-replica"));
          return false;
        }
        try {
          admin
              .createTopics(
                  List.of(new NewTopic(settings.topic(), settings.partitions(), replication)))
              .all()
              .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      awaitLeaders(admin);
      topicReady = true;
      return true;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      listener.failed(RelayErrorKind.TOPIC, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
