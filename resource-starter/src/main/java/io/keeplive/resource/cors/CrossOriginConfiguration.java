package io.keeplive.resource.cors;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${keeplive.cors.allowed-origins:}' != ''")
public class CrossOriginConfiguration {

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  CorsWebFilter corsWebFilter(CorsProperties properties) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOriginPatterns(properties.allowedOrigins());
    cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
    cors.setAllowedHeaders(
        List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "traceparent"));
    // Keeplive-Position: a browser client reads it to sync its live views with its own write.
    cors.setExposedHeaders(List.of("ETag", "Location", "Keeplive-Position"));
    cors.setAllowCredentials(false);
    cors.setMaxAge(Duration.ofMinutes(10));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/api/**", cors);
    return new CorsWebFilter(source);
  }
}
