package io.keeplive.resource;

import static io.keeplive.contracts.boot.UnusedAutoConfigurations.JDBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.KAFKA;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.REPOSITORIES;

import io.keeplive.contracts.boot.UnusedAutoConfigurations;
import io.keeplive.resource.conversations.Conversations;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.tickets.Tickets;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The helpdesk, an application on the resource starter: it declares its resources as beans and the
 * starter's auto-configuration derives the rest. Started on its own by {@link #main}, or next to
 * the other two services in one JVM by the embedded stack through {@link #application()}.
 *
 * <p>No component scan: the starter's classes share this package tree, and everything they offer
 * comes through auto-configuration, as it does for any other application.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ResourceServiceApplication {

  @Bean
  ResourceDeclaration ticketsDeclaration() {
    return Tickets.declaration();
  }

  @Bean
  ResourceDeclaration conversationsDeclaration() {
    return Conversations.conversations();
  }

  @Bean
  ResourceDeclaration messagesDeclaration() {
    return Conversations.messages();
  }

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
