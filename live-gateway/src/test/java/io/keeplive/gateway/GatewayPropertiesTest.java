package io.keeplive.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GatewayPropertiesTest {

  @Test
  void anEmptyConfigurationHasTheSpecDefaults() {
    GatewayProperties defaults = GatewayProperties.defaults();
    assertThat(defaults.resourceServiceUrl()).isEqualTo(URI.create("http://localhost:8081"));
    assertThat(defaults.topic()).isEqualTo("keeplive.notifications");
    assertThat(defaults.limits().maxFrameBytes()).isEqualTo(64 * 1024);
    assertThat(defaults.limits().maxSubscriptions()).isEqualTo(100);
    assertThat(defaults.limits().maxRows()).isEqualTo(500);
    assertThat(defaults.limits().messagesPerSecond()).isEqualTo(50);
    assertThat(defaults.limits().authTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.limits().sendQueueBound()).isEqualTo(256);
    assertThat(defaults.limits().closeGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.refetch().strategy()).isEqualTo(GatewayProperties.Strategy.COHORT);
  }

  @Test
  void limitsBindFromTheirKebabCaseNamesAndTheOthersKeepTheirDefaults() {
    GatewayProperties bound =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of(
                        "keeplive.gateway.limits.close-grace", "250ms",
                        "keeplive.gateway.limits.send-queue-bound", "4")))
            .bind("keeplive.gateway", GatewayProperties.class)
            .get();

    assertThat(bound.limits().closeGrace()).isEqualTo(Duration.ofMillis(250));
    assertThat(bound.limits().sendQueueBound()).isEqualTo(4);
    assertThat(bound.limits().authTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(bound.topic()).isEqualTo("keeplive.notifications");
  }
}
