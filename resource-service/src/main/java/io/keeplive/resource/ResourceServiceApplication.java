package io.keeplive.resource;

import static io.keeplive.contracts.boot.UnusedAutoConfigurations.JDBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.KAFKA;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.REPOSITORIES;

import io.keeplive.contracts.boot.UnusedAutoConfigurations;
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

  /** The application as the embedded stack and tests start it; add arguments and call run. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(ResourceServiceApplication.class)
        .properties(
            "spring.config.name=resource-service",
            // It talks to Postgres only through R2DBC (Flyway opens its own JDBC connection from
            // spring.flyway.url), declares no repositories and never talks to Kafka; the embedded
            // stack's shared class path offers all of them.
            UnusedAutoConfigurations.excludeProperty(JDBC, REPOSITORIES, KAFKA));
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
