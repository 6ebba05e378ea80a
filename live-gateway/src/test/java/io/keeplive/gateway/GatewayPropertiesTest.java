package io.keeplive.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
    assertThat(defaults.refetch().strategy()).isEqualTo(GatewayProperties.Strategy.COHORT);
  }
}
