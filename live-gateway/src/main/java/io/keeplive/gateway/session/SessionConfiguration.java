package io.keeplive.gateway.session;

import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.LiveApi;
import io.keeplive.gateway.session.internal.AbortableUpgradeStrategy;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.WebsocketServerSpec;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

  /**
   * Netty's own frame limit is set far above the protocol limit so that an oversized frame reaches
   * the session, which closes with 4413 as SPEC §4 requires (netty would close with 1009).
   */
  private static final int TRANSPORT_FRAME_LIMIT = 16 * 1024 * 1024;

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
    int frameLimit = Math.max(TRANSPORT_FRAME_LIMIT, properties.limits().maxFrameBytes() * 4);
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
