package io.keeplive.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  GatewayListener gatewayListener(MeterRegistry registry) {
    return new MeterListener(registry);
  }
}
