package io.keeplive.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service Dockerfiles, checked as text (no Docker engine on the build machines). */
class DockerfileTest {

  /** Module → (port, main class), as fixed by docs/architecture.md. */
  static final Map<String, Map.Entry<Integer, String>> SERVICES =
      Map.of(
          "resource-service", Map.entry(8081, "io.keeplive.resource.ResourceServiceApplication"),
          "notifier-relay", Map.entry(8082, "io.keeplive.relay.NotifierRelayApplication"),
          "live-gateway", Map.entry(8080, "io.keeplive.gateway.LiveGatewayApplication"));

  @Test
  void each_image_builds_its_module_and_runs_its_main_class_as_the_charts_non_root_user() {
    SERVICES.forEach(
        (module, spec) -> {
          String dockerfile = RepositoryFiles.read(module + "/Dockerfile");
          assertThat(dockerfile)
              .as(module)
              .contains("mvn -B -q -pl " + module + " -am")
              .contains("FROM eclipse-temurin:17-jre")
              .contains("USER 10001:10001")
              .contains("EXPOSE " + spec.getKey())
              .contains("ENV SERVER_PORT=" + spec.getKey())
              .contains("http://localhost:" + spec.getKey() + "/actuator/health/readiness")
              .contains("\"" + spec.getValue() + "\"]")
              .contains("-Djava.io.tmpdir=/tmp");
          assertThat(dockerfile.lastIndexOf("USER 10001"))
              .as("the process does not run as root")
              .isGreaterThan(dockerfile.lastIndexOf("RUN "));
        });
  }

  @Test
  void each_entrypoint_class_exists_in_its_module_and_has_a_main_method() {
    SERVICES.forEach(
        (module, spec) -> {
          String source = module + "/src/main/java/" + spec.getValue().replace('.', '/') + ".java";
          assertThat(RepositoryFiles.path(source)).as(source).isRegularFile();
          assertThat(RepositoryFiles.read(source))
              .contains("public static void main(String[] args)");
        });
  }

  @Test
  void the_image_classpath_is_the_plain_module_jar_plus_its_runtime_dependencies() {
    SERVICES.forEach(
        (module, spec) ->
            assertThat(RepositoryFiles.read(module + "/Dockerfile"))
                .contains("-Dspring-boot.repackage.skip=true")
                .contains("dependency:copy-dependencies -DincludeScope=runtime")
                .contains(
                    "cp "
                        + module
                        + "/target/"
                        + module
                        + "-*.jar "
                        + module
                        + "/target/dependency/")
                .contains("COPY --from=build /src/" + module + "/target/dependency/ /app/lib/")
                .contains("\"java\", \"-cp\", \"/app/lib/*\""));
  }

  @Test
  void the_documented_architecture_names_the_same_main_classes_and_ports() {
    String architecture = RepositoryFiles.read("docs/architecture.md");
    SERVICES.forEach((module, spec) -> assertThat(architecture).contains(spec.getValue()));
    assertThat(architecture).contains("gateway 8080, resource-service 8081, relay 8082");
  }
}
