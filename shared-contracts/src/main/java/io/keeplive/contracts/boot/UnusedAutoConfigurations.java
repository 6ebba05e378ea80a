package io.keeplive.contracts.boot;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The auto-configurations a service does not use, by the technology they configure: the one list
 * all three services exclude from.
 *
 * <p>Every module shares one class path in the embedded stack, so each service must turn off what
 * belongs to the others (the gateway has no database, the relay builds its own Kafka producer and
 * JDBC connections, resource-service never talks to Kafka). The classes are named as strings
 * because a service's own class path does not hold them; {@code AutoConfigurationExclusionsTest} in
 * the embedded stack, where all of them are present, fails the build when a name does not resolve
 * to an auto-configuration.
 */
public enum UnusedAutoConfigurations {
  JDBC(
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration"),
  R2DBC(
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration",
      "org.springframework.boot.r2dbc.autoconfigure.observation.R2dbcObservationAutoConfiguration",
      "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration"),
  /** Spring Data repositories: no service declares any. */
  REPOSITORIES(
      "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration",
      "org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration"),
  FLYWAY(
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration"),
  KAFKA(
      "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
      "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration");

  private final List<String> classNames;

  UnusedAutoConfigurations(String... classNames) {
    this.classNames = List.of(classNames);
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The {@code spring.autoconfigure.exclude} property that turns {@code unused} off. */
  public static String excludeProperty(UnusedAutoConfigurations... unused) {
    return "spring.autoconfigure.exclude="
        + Arrays.stream(unused)
            .flatMap(kind -> kind.classNames.stream())
            .collect(Collectors.joining(","));
  }
}
