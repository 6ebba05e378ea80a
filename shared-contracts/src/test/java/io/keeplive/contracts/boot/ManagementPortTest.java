package io.keeplive.contracts.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ManagementPortTest {

  @ParameterizedTest(name = "service port {0} → management port {1}")
  @CsvSource({"8080, 9080", "8081, 9081", "8082, 9082", "0, 0"})
  void theManagementPortIsTheServicePortPlus1000OrFreeWhenTheServicePortIs(
      int server, int management) {
    StandardEnvironment environment = environment(Map.of("server.port", server));

    new ManagementPort().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty(ManagementPort.PROPERTY, Integer.class))
        .isEqualTo(management);
  }

  @Test
  void aConfiguredManagementPortIsKept() {
    StandardEnvironment environment =
        environment(Map.of("server.port", 8080, ManagementPort.PROPERTY, 7000));

    new ManagementPort().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty(ManagementPort.PROPERTY, Integer.class)).isEqualTo(7000);
  }

  @Test
  void anApplicationWithoutAServicePortGetsNoManagementPort() {
    StandardEnvironment environment = environment(Map.of());

    new ManagementPort().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.containsProperty(ManagementPort.PROPERTY)).isFalse();
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }
}
