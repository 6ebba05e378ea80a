package io.keeplive.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.live.LiveApiProperties;
import io.keeplive.resource.write.IdempotencyProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A setting that would refuse every call or defeat its purpose stops the service at startup. */
class ConfigurationConstraintsTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "keeplive.idempotency.retention, 0s, retention",
    "keeplive.idempotency.purge-interval, 0s, purgeInterval",
    "keeplive.idempotency.purge-batch, 0, purgeBatch",
    "keeplive.live-api.max-actors, 0, maxActors",
    "keeplive.live-api.max-changed-ids, 0, maxChangedIds",
    "keeplive.live-api.max-answer-bytes, 10B, max-answer-bytes must be at least 1KB"
  })
  void aSettingOutsideItsBoundsIsRefusedAtStartupNamingIt(
      String property, String value, String named) {
    new ApplicationContextRunner()
        .withUserConfiguration(Enabled.class)
        .withPropertyValues(property + "=" + value)
        .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(named));
  }

  @Test
  void theDefaultsAreWithinTheirBounds() {
    new ApplicationContextRunner()
        .withUserConfiguration(Enabled.class)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({IdempotencyProperties.class, LiveApiProperties.class})
  static class Enabled {}
}
