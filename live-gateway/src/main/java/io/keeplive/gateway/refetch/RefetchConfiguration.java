package io.keeplive.gateway.refetch;

import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.internal.HttpLiveApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class RefetchConfiguration {

  @Bean
  LiveApi liveApi(GatewayProperties properties, ReactorResourceFactory resources) {
    return new HttpLiveApi(properties.resourceServiceUrl(), resources);
  }

  /** Timers only (coalescing windows, retries, token expiry); tasks never block. */
  @Bean(destroyMethod = "dispose")
  Scheduler gatewayScheduler() {
    return Schedulers.newParallel("keeplive-gateway-timer", 2, true);
  }

  @Bean
  CohortRegistry cohortRegistry(
      LiveApi api, GatewayProperties properties, GatewayListener listener, Scheduler scheduler) {
    return new CohortRegistry(
        api, properties.refetch(), listener, scheduler, properties.debugTrace());
  }
}
