package io.keeplive.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

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
    assertThat(defaults.limits().maxUnsentBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(defaults.limits().maxInValues()).isEqualTo(100);
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
                        "keeplive.gateway.limits.max-unsent-bytes", "4096")))
            .bind("keeplive.gateway", GatewayProperties.class)
            .get();

    assertThat(bound.limits().closeGrace()).isEqualTo(Duration.ofMillis(250));
    assertThat(bound.limits().maxUnsentBytes()).isEqualTo(4096);
    assertThat(bound.limits().authTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(bound.topic()).isEqualTo("keeplive.notifications");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "keeplive.gateway.limits.close-grace=0s | limits.closeGrace",
        "keeplive.gateway.limits.close-grace=0s | rejected value [PT0S]",
        "keeplive.gateway.limits.max-frame-bytes=0 | limits.maxFrameBytes",
        "keeplive.gateway.limits.max-subscriptions=0 | limits.maxSubscriptions",
        "keeplive.gateway.limits.messages-per-second=0 | limits.messagesPerSecond",
      })
  void aLimitThatWouldRefuseEverythingIsRejectedAtStartupNamingTheProperty(
      String property, String named) {
    new ApplicationContextRunner()
        .withUserConfiguration(Enabled.class)
        .withPropertyValues(property)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("keeplive.gateway")
                    .hasMessageContaining(named));
  }

  @Test
  void aRetryCeilingBelowTheRetryFloorIsRejectedAtStartup() {
    new ApplicationContextRunner()
        .withUserConfiguration(Enabled.class)
        .withPropertyValues(
            "keeplive.gateway.refetch.retry-min=5s", "keeplive.gateway.refetch.retry-max=1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("retry-max must not be less than retry-min"));
  }

  @Test
  void aValidLimitStartsTheContextWithThatLimit() {
    new ApplicationContextRunner()
        .withUserConfiguration(Enabled.class)
        .withPropertyValues("keeplive.gateway.limits.max-unsent-bytes=4096")
        .run(
            context ->
                assertThat(context.getBean(GatewayProperties.class).limits().maxUnsentBytes())
                    .isEqualTo(4096));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(GatewayProperties.class)
  static class Enabled {}
}
