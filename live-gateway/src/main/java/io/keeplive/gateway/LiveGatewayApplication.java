package io.keeplive.gateway;

import static io.keeplive.contracts.boot.UnusedAutoConfigurations.FLYWAY;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.JDBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.R2DBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.REPOSITORIES;

import io.keeplive.contracts.boot.NettyResources;
import io.keeplive.contracts.boot.UnusedAutoConfigurations;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The live gateway: WebSocket {@code keeplive.v1} sessions, Kafka notifications, policy-checked
 * refetch through resource-service's live API.
 *
 * <p>The excluded auto-configurations belong to the other services: in the embedded stack every
 * module shares one class path, and the gateway has no database.
 */
@SpringBootApplication
@Import(NettyResources.class)
@ConfigurationPropertiesScan
public class LiveGatewayApplication {

  /** The gateway as a standalone application or as one part of the embedded stack. */
  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(LiveGatewayApplication.class)
        .web(WebApplicationType.REACTIVE)
        .properties(
            "spring.config.name=live-gateway",
            UnusedAutoConfigurations.excludeProperty(JDBC, R2DBC, REPOSITORIES, FLYWAY));
  }

  public static void main(String[] args) {
    application().run(args);
  }
}
