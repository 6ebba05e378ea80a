package io.keeplive.relay;

import static io.keeplive.contracts.boot.UnusedAutoConfigurations.FLYWAY;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.JDBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.KAFKA;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.R2DBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.REPOSITORIES;

import io.keeplive.contracts.boot.NettyResources;
import io.keeplive.contracts.boot.UnusedAutoConfigurations;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The notifier-relay service: moves committed outbox rows to Kafka.
 *
 * <p>All three services share one classpath in the embedded stack, so this application excludes
 * every auto-configuration it does not use ({@link UnusedAutoConfigurations}): R2DBC and Flyway
 * belong to resource-service, and the relay builds its own Kafka producer and JDBC connections
 * instead of Spring's Kafka template and connection pool (see {@link io.keeplive.relay.outbox}).
 */
@SpringBootApplication
@Import(NettyResources.class)
public class NotifierRelayApplication {

  /** The application with its own config name; the embedded stack adds properties and runs it. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(NotifierRelayApplication.class)
        .properties(
            "spring.config.name=notifier-relay",
            UnusedAutoConfigurations.excludeProperty(JDBC, R2DBC, REPOSITORIES, FLYWAY, KAFKA));
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
