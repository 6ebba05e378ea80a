package io.keeplive.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.helm.ProcessResult;
import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml parsed and checked. No Docker engine runs on the build machines, so the file
 * is validated here instead of by {@code docker compose up}.
 */
class ComposeFileTest {

  static final Map<String, Integer> SERVICE_PORTS =
      Map.of("live-gateway", 8080, "resource-service", 8081, "notifier-relay", 8082);

  private final YamlDocument compose =
      YamlDocument.parse(RepositoryFiles.read("docker-compose.yml"));

  private YamlDocument service(String name) {
    YamlDocument service = compose.child("services." + name);
    assertThat(service.root()).as("service " + name).isNotNull();
    return service;
  }

  @Test
  void dockerComposeItselfAcceptsTheFile() {
    Path dockerCompose =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(directory -> Path.of(directory, "docker-compose"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(
        dockerCompose != null,
        "docker-compose (Debian package docker-compose) is not installed; it validates the file"
            + " without a Docker engine");

    ProcessResult config =
        ProcessResult.run(
            List.of(dockerCompose.toString(), "-f", "docker-compose.yml", "config", "-q"),
            RepositoryFiles.root(),
            1,
            TimeUnit.MINUTES);

    assertThat(config.exitCode()).as(config.stdout() + config.stderr()).isZero();
  }

  @Test
  void theStackIsKafkaInKraftModePostgres17TheThreeServicesPrometheusAndGrafana() {
    assertThat(compose.map("services"))
        .containsOnlyKeys(
            "kafka",
            "kafka-init",
            "postgres",
            "resource-service",
            "notifier-relay",
            "live-gateway",
            "prometheus",
            "grafana");
    assertThat(service("kafka").string("image")).startsWith("apache/kafka:");
    assertThat(service("kafka").map("environment"))
        .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
        .containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS")
        .doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    assertThat(service("postgres").string("image")).isEqualTo("postgres:17");
    assertThat(service("prometheus").string("image")).startsWith("prom/prometheus:");
    assertThat(service("grafana").string("image")).startsWith("grafana/grafana:");
  }

  @Test
  void eachServiceIsBuiltFromTheSharedDockerfileAndPublishedOnItsDocumentedPort() {
    SERVICE_PORTS.forEach(
        (name, port) -> {
          YamlDocument service = service(name);
          assertThat(service.string("build.context")).isEqualTo(".");
          String dockerfile = service.string("build.dockerfile");
          assertThat(dockerfile).isEqualTo("Dockerfile");
          assertThat(RepositoryFiles.path(dockerfile)).isRegularFile();
          assertThat(service.string("build.args.SERVICE")).isEqualTo(name);
          assertThat(service.string("build.args.MAIN_CLASS"))
              .isEqualTo(DockerfileTest.SERVICES.get(name).getValue());
          assertThat(service.string("build.args.PORT")).isEqualTo(String.valueOf(port));
          // The management port (metrics, debug endpoints) is published on the loopback only.
          assertThat(service.list("ports").stream().map(p -> p.root().toString()))
              .containsExactly(
                  port + ":" + port, "127.0.0.1:" + (port + 1000) + ":" + (port + 1000));
          assertThat(service.map("environment"))
              .containsEntry("SERVER_PORT", String.valueOf(port))
              .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(port + 1000));
          assertThat(service.at("read_only")).isEqualTo(true);
          assertThat(service.list("tmpfs").stream().map(t -> t.root().toString())).contains("/tmp");
        });
  }

  @Test
  void eachServiceIsConfiguredLikeTheHelmChartConfiguresIt() {
    assertThat(service("resource-service").map("environment"))
        .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://postgres:5432/keeplive")
        .containsEntry("SPRING_FLYWAY_URL", "jdbc:postgresql://postgres:5432/keeplive");
    assertThat(service("notifier-relay").map("environment"))
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/keeplive")
        .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
    assertThat(service("live-gateway").map("environment"))
        .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
        .containsEntry("KEEPLIVE_GATEWAY_RESOURCE_SERVICE_URL", "http://resource-service:8081");
    for (String name : SERVICE_PORTS.keySet()) {
      assertThat(service(name).map("environment"))
          .containsKeys("KEEPLIVE_JWT_SECRET", "KEEPLIVE_DEV_MODE")
          .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
    }
  }

  @Test
  void everyLongRunningContainerHasAHealthcheckAndServicesProbeActuatorReadiness() {
    for (String name : compose.map("services").keySet()) {
      if (name.equals("kafka-init")) {
        continue;
      }
      assertThat(service(name).list("healthcheck.test")).as(name).isNotEmpty();
    }
    SERVICE_PORTS.forEach(
        (name, port) ->
            assertThat(
                    service(name).list("healthcheck.test").stream().map(t -> t.root().toString()))
                .contains("http://localhost:" + port + "/actuator/health/readiness"));
  }

  @Test
  void startOrderWaitsForHealthyInfrastructureTheTopicAndTheMigratedSchema() {
    assertThat(service("kafka-init").map("depends_on.kafka"))
        .containsEntry("condition", "service_healthy");
    assertThat(service("resource-service").map("depends_on.postgres"))
        .containsEntry("condition", "service_healthy");
    assertThat(service("notifier-relay").map("depends_on"))
        .containsOnlyKeys("postgres", "kafka-init", "resource-service");
    assertThat(service("notifier-relay").map("depends_on.kafka-init"))
        .containsEntry("condition", "service_completed_successfully");
    assertThat(service("notifier-relay").map("depends_on.resource-service"))
        .as("the outbox table exists only after resource-service's Flyway migration")
        .containsEntry("condition", "service_healthy");
    assertThat(service("live-gateway").map("depends_on.kafka-init"))
        .containsEntry("condition", "service_completed_successfully");
    assertThat(service("live-gateway").map("depends_on.resource-service"))
        .containsEntry("condition", "service_healthy");
    assertThat(service("grafana").map("depends_on.prometheus"))
        .containsEntry("condition", "service_healthy");
    for (String name : compose.map("services").keySet()) {
      for (Object dependency : service(name).map("depends_on").values()) {
        assertThat(((Map<?, ?>) dependency).get("condition"))
            .as(name + " depends_on uses explicit conditions")
            .isIn("service_healthy", "service_completed_successfully", "service_started");
      }
    }
  }

  @Test
  void theTopicIsCreatedWithTheNameBothTheRelayAndTheGatewayUse() {
    List<String> command =
        service("kafka-init").list("command").stream().map(c -> c.root().toString()).toList();
    String topic = command.get(command.indexOf("--topic") + 1);

    assertThat(topic).isEqualTo("${KEEPLIVE_TOPIC:-keeplive.notifications}");
    assertThat(service("notifier-relay").map("environment"))
        .containsEntry("KEEPLIVE_RELAY_TOPIC", topic);
    assertThat(service("live-gateway").map("environment"))
        .containsEntry("KEEPLIVE_GATEWAY_TOPIC", topic);
  }

  @Test
  void everyBindMountedFileAndDirectoryExistsInTheRepository() {
    for (String name : compose.map("services").keySet()) {
      for (YamlDocument volume : service(name).list("volumes")) {
        String source = volume.root().toString().split(":")[0];
        if (source.startsWith("./")) {
          assertThat(Files.exists(RepositoryFiles.path(source.substring(2))))
              .as(name + " mounts " + source)
              .isTrue();
        }
      }
    }
  }

  @Test
  void prometheusScrapesTheThreeServicesUnderTheirComponentNames() {
    YamlDocument prometheus =
        YamlDocument.parse(RepositoryFiles.read("deploy/prometheus/prometheus.yml"));

    SERVICE_PORTS.forEach(
        (name, port) -> {
          YamlDocument job =
              prometheus.list("scrape_configs").stream()
                  .filter(j -> name.equals(j.string("job_name")))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no scrape job " + name));
          assertThat(job.string("metrics_path")).isEqualTo("/actuator/prometheus");
          assertThat(job.list("static_configs[0].targets").stream().map(t -> t.root().toString()))
              .as("/actuator/prometheus is served on the management port only (SPEC 4.4)")
              .containsExactly(name + ":" + (port + 1000));
        });
    assertThat(service("prometheus").list("volumes").stream().map(v -> v.root().toString()))
        .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
  }

  @Test
  void grafanaIsProvisionedWithThePrometheusDatasourceAndTheChartsDashboardDirectory() {
    List<String> volumes =
        service("grafana").list("volumes").stream().map(v -> v.root().toString()).toList();
    assertThat(volumes)
        .contains(
            "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
            "./helm/keeplive/dashboards:/var/lib/grafana/dashboards/keeplive:ro");

    YamlDocument datasources =
        YamlDocument.parse(
            RepositoryFiles.read("deploy/grafana/provisioning/datasources/prometheus.yml"));
    assertThat(datasources.string("datasources[0].type")).isEqualTo("prometheus");
    assertThat(datasources.string("datasources[0].url")).isEqualTo("http://prometheus:9090");

    YamlDocument providers =
        YamlDocument.parse(
            RepositoryFiles.read("deploy/grafana/provisioning/dashboards/keeplive.yml"));
    String path = providers.string("providers[0].options.path");
    assertThat(path).isEqualTo("/var/lib/grafana/dashboards/keeplive");
    Path mountedFrom = RepositoryFiles.path("helm/keeplive/dashboards");
    assertThat(mountedFrom.resolve("keeplive-lag-latency.json")).isRegularFile();
    assertThat(
            service("grafana").map("environment").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
        .isEqualTo(path + "/keeplive-lag-latency.json");
  }
}
