package io.keeplive.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Apache Kafka broker in KRaft mode: in this JVM from the Kafka jars, in a child JVM, or a
 * container.
 */
public final class Kafka implements AutoCloseable {

  private static volatile Kafka shared;

  private final String bootstrapServers;
  private final AutoCloseable server;

  private Kafka(String bootstrapServers, AutoCloseable server) {
    this.bootstrapServers = bootstrapServers;
    this.server = server;
  }

  /** The one broker of this JVM, started on first use. */
  public static Kafka shared() {
    Kafka instance = shared;
    if (instance == null) {
      synchronized (Kafka.class) {
        instance = shared;
        if (instance == null) {
          String mode = System.getProperty("keeplive.test.kafka", "auto");
          instance =
              switch (mode) {
                case "embedded" -> startEmbedded();
                case "testcontainers" -> KafkaContainers.start();
                case "child" -> startInChildJvm(List.of("-Xmx1g"));
                default ->
                    KafkaContainers.dockerAvailable() ? KafkaContainers.start() : startEmbedded();
              };
          Kafka started = instance;
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-stop"));
          shared = instance;
        }
      }
    }
    return instance;
  }

  /**
   * Starts a single KRaft broker in this JVM on a free port ({@link #bootstrapServers()} tells
   * which). The KRaft test kit behind it picks its own ports; {@code
   * EmbeddedKafkaKraftBroker#kafkaPorts} is not applied to KRaft listeners.
   */
  public static Kafka startEmbedded() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(
        Map.of(
            "auto.create.topics.enable", "false",
            "group.initial.rebalance.delay.ms", "0",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "log.flush.interval.messages", "100000"));
    broker.afterPropertiesSet();
    return new Kafka(broker.getBrokersAsString(), broker::destroy);
  }

  /**
   * Starts a single KRaft broker like {@link #startEmbedded()}, but in a child JVM started with
   * {@code jvmArgs} and this JVM's class path; {@link #close()} stops it, and it also stops when
   * this JVM exits. Benchmarks use it so that the broker's GC and JIT do not run in the measured
   * JVM.
   */
  public static Kafka startInChildJvm(List<String> jvmArgs) {
    return KafkaChildJvm.start(jvmArgs);
  }

  static Kafka of(String bootstrapServers, AutoCloseable server) {
    return new Kafka(bootstrapServers, server);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Creates a topic if it does not exist yet and waits until every partition has a leader: an
   * idempotent producer that starts before that can stall on its first sequence numbers.
   */
  public void createTopic(String name, int partitions) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      try {
        admin
            .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topic " + name, e);
        }
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> everyPartitionHasALeader(admin, name));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topic " + name, e);
    }
  }

  private static boolean everyPartitionHasALeader(Admin admin, String topic) throws Exception {
    TopicDescription description =
        admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
    return description.partitions().stream()
        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      // Shutting down: nothing left to do with a broker that will not stop cleanly.
    }
  }
}
