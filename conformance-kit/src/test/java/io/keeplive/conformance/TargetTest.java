package io.keeplive.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetTest {

  private static Target from(Map<String, String> parameters) {
    return Target.from(name -> Optional.ofNullable(parameters.get(name)));
  }

  @Test
  void omittedParametersTakeTheDocumentedDefaults() {
    Target target =
        from(
            Map.of(
                "baseUrl", "http://localhost:8083",
                "jdbcUrl", "jdbc:postgresql://localhost/keeplive",
                "resource", "tasks",
                "createBody", "{}"));

    assertThat(target.fixture().createPath()).isEqualTo("/api/tasks");
    assertThat(target.fixture().table()).isEqualTo("tasks");
    assertThat(target.fixture().role()).isEqualTo("admin");
    assertThat(target.serviceToken()).isEqualTo(Target.DEVELOPMENT_SERVICE_TOKEN);
    assertThat(
            Target.from(name -> Optional.ofNullable(target.parameters().get(Target.PREFIX + name))))
        .isEqualTo(target);
  }

  @Test
  void aMissingRequiredParameterIsNamed() {
    assertThatThrownBy(() -> from(Map.of("baseUrl", "http://localhost:8083")))
        .hasMessageContaining("keeplive.conformance.resource");
  }

  @Test
  void theShardIsJavasStringHashModulo64() {
    for (String tenant : new String[] {"acme", "", "tenant-ü-☃", "kit-2f0c"}) {
      assertThat(Backend.shardOf(tenant)).isEqualTo(Math.floorMod(tenant.hashCode(), 64));
    }
  }
}
