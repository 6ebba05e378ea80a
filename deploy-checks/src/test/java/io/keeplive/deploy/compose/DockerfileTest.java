package io.keeplive.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one Dockerfile of the three services (chosen by build arguments), checked as text: there is
 * no Docker engine on the build machines.
 */
class DockerfileTest {

  /** Module → (port, main class), as fixed by docs/architecture.md. */
  static final Map<String, Map.Entry<Integer, String>> SERVICES =
      Map.of(
          "resource-service", Map.entry(8081, "io.keeplive.resource.ResourceServiceApplication"),
          "notifier-relay", Map.entry(8082, "io.keeplive.relay.NotifierRelayApplication"),
          "live-gateway", Map.entry(8080, "io.keeplive.gateway.LiveGatewayApplication"));

  @Test
  void theImageBuildsTheChosenModuleAndRunsItsMainClassAsTheChartsNonRootUser() {
    String dockerfile = RepositoryFiles.read("Dockerfile");
    assertThat(dockerfile)
        .contains("mvn -B -q -pl ${SERVICE} -am")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("USER 10001:10001")
        .contains("EXPOSE ${PORT}")
        .contains("SERVER_PORT=${PORT}")
        .contains("KEEPLIVE_MAIN_CLASS=${MAIN_CLASS}")
        .contains("http://localhost:${SERVER_PORT}/actuator/health/readiness")
        .contains("exec java -cp '/app/lib/*' \\\"$KEEPLIVE_MAIN_CLASS\\\"")
        .contains("-Djava.io.tmpdir=/tmp");
    assertThat(dockerfile.lastIndexOf("USER 10001"))
        .as("the process does not run as root")
        .isGreaterThan(dockerfile.lastIndexOf("RUN "));
    for (String line : dockerfile.split("\n")) {
      if (line.startsWith("ARG ") && line.contains("=")) {
        assertThat(line).as("defaults build a complete image").matches("ARG [A-Z_]+=\\S+");
      }
    }
  }

  @Test
  void eachEntrypointClassExistsInItsModuleAndHasAMainMethod() {
    SERVICES.forEach(
        (module, spec) -> {
          String source = module + "/src/main/java/" + spec.getValue().replace('.', '/') + ".java";
          assertThat(RepositoryFiles.path(source)).as(source).isRegularFile();
          assertThat(RepositoryFiles.read(source))
              .contains("public static void main(String[] args)");
        });
  }

  @Test
  void theImageClasspathIsThePlainModuleJarPlusItsRuntimeDependencies() {
    assertThat(RepositoryFiles.read("Dockerfile"))
        .contains("-Dspring-boot.repackage.skip=true")
        .contains("dependency:copy-dependencies -DincludeScope=runtime")
        .contains("cp ${SERVICE}/target/${SERVICE}-*.jar ${SERVICE}/target/dependency/")
        .contains("COPY --from=build /src/${SERVICE}/target/dependency/ /app/lib/");
  }

  @Test
  void theDocumentedArchitectureNamesTheSameMainClassesAndPorts() {
    String architecture = RepositoryFiles.read("docs/architecture.md");
    SERVICES.forEach((module, spec) -> assertThat(architecture).contains(spec.getValue()));
    assertThat(architecture).contains("gateway 8080, resource-service 8081, relay 8082");
  }
}
