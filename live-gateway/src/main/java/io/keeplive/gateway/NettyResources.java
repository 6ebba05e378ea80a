package io.keeplive.gateway;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.ConnectionProvider;

/**
 * Event loops and HTTP connection pool owned by this application context. Reactor Netty's global
 * resources would be shared by every application in the JVM, and closing any one of them (a gateway
 * stopped in the embedded stack) would dispose them for all.
 */
@Configuration(proxyBeanMethods = false)
class NettyResources {

  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setShutdownQuietPeriod(Duration.ZERO);
    factory.setShutdownTimeout(Duration.ofSeconds(2));
    factory.setConnectionProviderSupplier(
        () ->
            ConnectionProvider.builder("keeplive-live-api")
                .maxConnections(200)
                .pendingAcquireMaxCount(-1)
                .build());
    return factory;
  }
}
