package io.keeplive.gateway.session;

import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayMetric;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.session.internal.AbortableUpgradeStrategy;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationPredicate;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.WebsocketServerSpec;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

  @Bean
  LiveSessions liveSessions(
      TokenVerifier verifier,
      LiveApi api,
      CohortRegistry registry,
      GatewayProperties properties,
      GatewayListener listener,
      Scheduler scheduler) {
    return new LiveSessions(
        SessionContext.of(verifier, api, registry, properties, listener, scheduler));
  }

  /** The byte accounting of the sessions, as gauges (no session named). */
  @Bean
  MeterBinder sessionUnsentBytes(LiveSessions sessions) {
    return registry -> {
      for (String stat : new String[] {"max", "high_water"}) {
        GatewayMetric.SESSION_UNSENT
            .gaugeBuilder(sessions, s -> s.unsentBytes().get(stat))
            .tag(GatewayMetric.Tag.STAT.asString(), stat)
            .register(registry);
      }
    };
  }

  /**
   * No HTTP server observation of {@code /live} upgrades: it would last as long as the WebSocket
   * session (its duration is the session's, not the handshake's) and hold its context, key values
   * and request for every idle session.
   */
  @Bean
  ObservationPredicate noObservationOfLiveSessions() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext request
            && "/live".equals(request.getCarrier().getPath().value()));
  }

  @Bean
  HandlerMapping liveHandlerMapping(LiveSessions sessions) {
    return new SimpleUrlHandlerMapping(Map.of("/live", sessions), -1);
  }

  /**
   * Our own upgrade strategy, so that sessions can drop a connection whose client does not complete
   * a close (see {@code LiveSession.closeNow}).
   */
  @Bean
  WebFluxConfigurer liveWebSocketService(GatewayProperties properties) {
    // The codec enforces the protocol's frame limit before a frame is buffered; an oversized frame
    // ends the session with 4413 (see AbortableUpgradeStrategy).
    int frameLimit = properties.limits().maxFrameBytes();
    return new WebFluxConfigurer() {
      @Override
      public WebSocketService getWebSocketService() {
        return new HandshakeWebSocketService(
            new AbortableUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(frameLimit)));
      }
    };
  }
}
