package io.keeplive.gateway.notifications;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationsConfiguration {

  @Bean
  NotificationConsumer notificationConsumer(
      KafkaProperties kafka,
      GatewayProperties properties,
      CohortRegistry registry,
      GatewayListener listener,
      MeterRegistry meters) {
    return new NotificationConsumer(
        kafka.buildConsumerProperties(),
        properties.topic(),
        NotificationSink.of(registry),
        listener,
        meters,
        Duration.ofSeconds(15));
  }

  /** Part of readiness: a gateway that cannot read notifications would serve stale views. */
  @Bean
  HealthIndicator notificationsHealthIndicator(NotificationConsumer consumer) {
    return () ->
        consumer.isHealthy()
            ? Health.up().build()
            : Health.outOfService().withDetail("reason", consumer.trouble()).build();
  }
}
