package io.keeplive.relay;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The notifier-relay service: moves committed outbox rows to Kafka.
 *
 * <p>All three services share one classpath in the embedded stack, so this application excludes
 * every auto-configuration it does not use by name (names of absent classes are ignored): R2DBC and
 * Flyway belong to resource-service, and the relay builds its own Kafka producer and JDBC
 * connections instead of Spring's Kafka template and connection pool (see {@link
 * io.keeplive.relay.outbox}).
 */
@SpringBootApplication(
    excludeName = {
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.observation.R2dbcObservationAutoConfiguration",
      "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
      "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
      "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
      "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration"
    })
public class NotifierRelayApplication {

  /** The application with its own config name; the embedded stack adds properties and runs it. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(NotifierRelayApplication.class)
        .properties("spring.config.name=notifier-relay");
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
