package io.keeplive.contracts.boot;

import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/health} and its groups ({@code /actuator/health/liveness}, {@code
 * /actuator/health/readiness}) on the public port, when the actuator itself lives on a separate
 * management port ({@link ManagementPort}).
 *
 * <p>Kubernetes probes and load balancers reach the public port only (SPEC §6), so health must stay
 * there while everything else of the actuator moves. Spring Boot's own "additional path" for health
 * groups allows a single path segment ({@code /livez}), not the {@code /actuator/health/...} paths
 * the SPEC fixes, hence these routes. They answer exactly as the actuator would (same groups, same
 * status codes) but serve only the root and the two probe groups: other groups and components
 * ({@code /actuator/health/readiness/r2dbc}) stay on the management port.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
public class PublicHealthAutoConfiguration {

  private static final Set<String> PROBE_GROUPS = Set.of("liveness", "readiness");

  @Bean
  RouterFunction<ServerResponse> publicHealthRoutes(
      ObjectProvider<ReactiveHealthEndpointWebExtension> health,
      ObjectProvider<HealthEndpointGroups> groups) {
    return RouterFunctions.route()
        .GET("/actuator/health", request -> answer(health.getIfAvailable()))
        .GET(
            "/actuator/health/{group}",
            request -> {
              String group = request.pathVariable("group");
              HealthEndpointGroups known = groups.getIfAvailable();
              // Only the probe groups: another group (the chart's "details", which shows every
              // contributor's details to operators) must stay on the management port.
              if (!PROBE_GROUPS.contains(group) || known == null || known.get(group) == null) {
                return ServerResponse.notFound().build();
              }
              return answer(health.getIfAvailable(), group);
            })
        .build();
  }

  private static Mono<ServerResponse> answer(
      ReactiveHealthEndpointWebExtension health, String... path) {
    if (health == null) {
      return ServerResponse.notFound().build();
    }
    return health
        .health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, false, path)
        .flatMap(PublicHealthAutoConfiguration::toResponse);
  }

  private static Mono<ServerResponse> toResponse(
      WebEndpointResponse<? extends HealthDescriptor> response) {
    HealthDescriptor body = response.getBody();
    ServerResponse.BodyBuilder builder = ServerResponse.status(response.getStatus());
    return body == null
        ? builder.build()
        : builder.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
