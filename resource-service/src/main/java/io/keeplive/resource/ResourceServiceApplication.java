package io.keeplive.resource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The system of record. Started on its own by {@link #main}, or next to the other two services in
 * one JVM by the embedded stack through {@link #application()}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResourceServiceApplication {

  /**
   * Auto-configurations this service must not run even when the shared classpath of the embedded
   * stack offers them: it talks to Postgres only through R2DBC (Flyway opens its own JDBC
   * connection from {@code spring.flyway.url}) and never to Kafka.
   */
  static final String EXCLUDED_AUTO_CONFIGURATIONS =
      String.join(
          ",",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
          "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
          "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
          "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
          "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration");

  /** The application as the embedded stack and tests start it; add arguments and call run. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ResourceServiceApplication.class)
        .properties(
            "spring.config.name=resource-service",
            "spring.autoconfigure.exclude=" + EXCLUDED_AUTO_CONFIGURATIONS);
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
