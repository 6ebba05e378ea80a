package io.keeplive.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Testcontainers, chosen only when a Docker engine answers. */
final class KafkaContainers {

  private static final String IMAGE = "apache/kafka-native:4.1.0";

  private KafkaContainers() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static Kafka start() {
    KafkaContainer container = new KafkaContainer(IMAGE);
    container.start();
    return Kafka.of(container.getBootstrapServers(), container::stop);
  }
}
