package io.keeplive.relay;

import io.keeplive.relay.kafka.KafkaPublishing;
import io.keeplive.relay.observability.RelayListener;
import io.keeplive.relay.observability.RelayMetrics;
import io.keeplive.relay.outbox.ConnectionSource;
import io.keeplive.relay.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the relay from {@code keeplive.relay.*}, {@code spring.datasource.*} (URL and credentials
 * only: the relay opens dedicated sessions, no pool) and {@code spring.kafka.*} (client settings).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  RelayProperties.class,
  DataSourceProperties.class,
  KafkaProperties.class
})
class RelayConfiguration {

  @Bean
  RelayMetrics relayMetrics(MeterRegistry registry) {
    return new RelayMetrics(registry);
  }

  @Bean
  KafkaPublishing kafkaPublishing(
      RelayProperties properties,
      KafkaProperties kafka,
      RelayListener listener,
      @Value("${keeplive.dev-mode:false}") boolean devMode) {
    return new KafkaPublishing(
        properties.kafka(devMode), kafka.buildProducerProperties(), listener);
  }

  @Bean
  ConnectionSource relayConnections(DataSourceProperties dataSource, RelayProperties properties) {
    return ConnectionSource.pgjdbc(
        dataSource.determineUrl(),
        dataSource.determineUsername(),
        dataSource.determinePassword(),
        properties.socketTimeout());
  }

  @Bean
  OutboxRelay outboxRelay(
      RelayProperties properties,
      ConnectionSource connections,
      KafkaPublishing kafka,
      RelayListener listener) {
    return new OutboxRelay(properties.outbox(), connections, kafka, listener);
  }

  /** Starts the relay after the context is up and stops it first on shutdown. */
  @Bean
  SmartLifecycle outboxRelayLifecycle(OutboxRelay relay) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        relay.start();
        running = true;
      }

      @Override
      public void stop() {
        relay.close();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  /**
   * Readiness: up while every lane has a database session. Owning zero shards is normal (more
   * instances than needed) and does not make an instance unready.
   */
  @Bean
  HealthIndicator relayHealthIndicator(OutboxRelay relay) {
    return () ->
        (relay.connected() ? Health.up() : Health.down())
            .withDetail("shardsOwned", relay.ownedShards().size())
            .build();
  }
}
