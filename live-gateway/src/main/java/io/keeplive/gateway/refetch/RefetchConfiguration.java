package io.keeplive.gateway.refetch;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.identity.DevMode;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.internal.HttpLiveApi;
import io.keeplive.gateway.refetch.internal.PlanBatching;
import io.keeplive.gateway.refetch.internal.RoutedLiveApi;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
class RefetchConfiguration {

  /**
   * The live API client with the gateways' service credential ({@code
   * keeplive.live-api.service-token}; defaulted in development mode, required outside it, so the
   * context fails to start rather than every refetch being refused). Resources served by other
   * backends ({@code keeplive.gateway.resource-urls}) go to theirs, with the same credential.
   */
  @Bean
  LiveApi liveApi(
      GatewayProperties properties,
      ReactorResourceFactory resources,
      DevMode devMode,
      @Value("${" + ServiceCredential.PROPERTY + ":}") String serviceToken) {
    String credential = ServiceCredential.resolve(serviceToken, devMode.devMode());
    LiveApi resourceService =
        new HttpLiveApi(properties.resourceServiceUrl(), resources, credential);
    if (properties.resourceUrls().isEmpty()) {
      return batched(resourceService, properties);
    }
    Map<URI, LiveApi> backends = new HashMap<>();
    Map<String, LiveApi> byResource = new HashMap<>();
    properties
        .resourceUrls()
        .forEach(
            (resource, url) ->
                byResource.put(
                    resource,
                    backends.computeIfAbsent(url, u -> new HttpLiveApi(u, resources, credential))));
    return batched(new RoutedLiveApi(resourceService, byResource), properties);
  }

  /** Plans of the same subscription shape requested together go in one call (PlanBatching). */
  private static LiveApi batched(LiveApi api, GatewayProperties properties) {
    return new PlanBatching(api, HttpLiveApi.MAX_ACTORS_PER_CALL, properties.refetch().timeout());
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
