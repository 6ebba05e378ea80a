package io.keeplive.contracts.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.ConnectionProvider;

/**
 * Event loops and the HTTP connection pool owned by one application context. Reactor Netty's global
 * resources would be shared by every application in the JVM, and closing any one of them (a gateway
 * or the relay stopped in the embedded stack) would dispose them for all. Services import this
 * configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpClientPool.class)
public class NettyResources {

  @Bean
  ReactorResourceFactory reactorResourceFactory(HttpClientPool pool) {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setShutdownQuietPeriod(Duration.ZERO);
    factory.setShutdownTimeout(Duration.ofSeconds(2));
    factory.setConnectionProviderSupplier(() -> connectionProvider(pool));
    return factory;
  }

  static ConnectionProvider connectionProvider(HttpClientPool pool) {
    return ConnectionProvider.builder("keeplive-http-client")
        .maxConnections(pool.maxConnections())
        .pendingAcquireMaxCount(pool.pendingAcquireMax())
        .pendingAcquireTimeout(pool.pendingAcquireTimeout())
        .build();
  }
}
