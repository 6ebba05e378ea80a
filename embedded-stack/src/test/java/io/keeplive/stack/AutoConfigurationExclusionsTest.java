package io.keeplive.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.boot.UnusedAutoConfigurations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * The exclusion list names classes as strings (a service's own class path does not hold them);
 * here, where all three services' class paths meet, every name must be a real auto-configuration,
 * so a typo or a class Spring Boot renamed fails the build instead of silently excluding nothing.
 */
class AutoConfigurationExclusionsTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(UnusedAutoConfigurations.class)
  void everyExcludedNameIsAnAutoConfigurationOnTheSharedClassPath(UnusedAutoConfigurations group)
      throws Exception {
    for (String name : group.classNames()) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      assertThat(type.isAnnotationPresent(AutoConfiguration.class)).as(name).isTrue();
    }
  }
}
