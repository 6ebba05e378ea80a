package io.keeplive.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** {@code keeplive.relay.*}: defaults from the record, constraints checked at start. */
class RelayPropertiesTest {

  @EnableConfigurationProperties(RelayProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Properties.class);

  @Test
  void withNothingConfiguredTheDefaultsApply() {
    runner.run(
        context -> {
          RelayProperties properties = context.getBean(RelayProperties.class);
          assertThat(properties.lanes()).isEqualTo(2);
          assertThat(properties.replication()).isZero();
          assertThat(properties.allowSingleReplica()).isFalse();
        });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "keeplive.relay.lanes=0",
        "keeplive.relay.partitions=0",
        "keeplive.relay.batch-size=0",
        "keeplive.relay.replication=-1",
        "keeplive.relay.topic= "
      })
  void anOutOfRangeSettingStopsTheStart(String setting) {
    runner
        .withPropertyValues(setting)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("keeplive.relay");
            });
  }
}
