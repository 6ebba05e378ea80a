package io.keeplive.relay;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Event loops owned by this application context (the relay's HTTP server serves only the actuator).
 * Reactor Netty's global resources would be shared by every application in the JVM, and closing the
 * relay in the embedded stack would dispose them for the other services too.
 */
@Configuration(proxyBeanMethods = false)
class NettyResources {

  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setShutdownQuietPeriod(Duration.ZERO);
    factory.setShutdownTimeout(Duration.ofSeconds(2));
    return factory;
  }
}
