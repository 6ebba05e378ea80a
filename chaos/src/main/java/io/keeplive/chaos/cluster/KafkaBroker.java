package io.keeplive.chaos.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Apache Kafka broker in KRaft mode (broker and controller in one process) as a JVM of its own,
 * started from the build's Kafka jars with {@code kafka.Kafka}; its log directory is formatted
 * once, so a restart keeps every record.
 */
final class KafkaBroker {

  private KafkaBroker() {}

  static ManagedProcess prepare(ClusterSettings settings) {
    Path config = settings.directory().resolve("config");
    Path data = settings.directory().resolve("data/kafka");
    write(config.resolve("kafka.properties"), properties(settings, data));
    write(config.resolve("kafka-logback.xml"), LOGBACK);
    List<String> jvm =
        List.of(
            javaBinary(),
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + config.resolve("kafka-logback.xml"),
            "-cp",
            settings.classpaths().tools());
    if (!Files.exists(data.resolve("meta.properties"))) {
      format(settings, jvm, config.resolve("kafka.properties"));
    }
    List<String> command = new ArrayList<>(jvm);
    command.add("kafka.Kafka");
    command.add(config.resolve("kafka.properties").toString());
    return new ManagedProcess("kafka", command, Map.of(), settings.directory());
  }

  static String bootstrap(ClusterSettings settings) {
    return "127.0.0.1:" + settings.ports().kafka();
  }

  private static String properties(ClusterSettings settings, Path data) {
    int port = settings.ports().kafka();
    int controller = settings.ports().kafkaController();
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + data,
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "num.partitions=1",
        "");
  }

  private static void format(ClusterSettings settings, List<String> jvm, Path config) {
    SecureRandom random = new SecureRandom();
    String clusterId =
        clusterId(
            () -> {
              byte[] id = new byte[16];
              random.nextBytes(id);
              return id;
            });
    List<String> command = new ArrayList<>(jvm);
    command.addAll(
        List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()));
    Path log = settings.directory().resolve("logs/kafka-format.log");
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("formatting the Kafka log directory failed, see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A random cluster id as the storage tool wants it (16 bytes, URL-safe Base64), never starting
   * with {@code -}: the tool would read such an id as an option and fail (one id in 64 did).
   */
  static String clusterId(Supplier<byte[]> randomBytes) {
    while (true) {
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes.get());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
        </appender>
        <root level="WARN"><appender-ref ref="out"/></root>
        <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
        <logger name="kafka.server.BrokerServer" level="INFO"/>
      </configuration>
      """;
}
