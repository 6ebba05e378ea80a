package io.keeplive.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.RepositoryFiles;
import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Renders helm/keeplive with the real helm binary and checks the manifests. */
class HelmChartTest {

  static final String MINIMAL = "helm/keeplive/ci/minimal-values.yaml";
  static final String PRODUCTION = "helm/keeplive/ci/production-values.yaml";

  /** Component name → container port, as fixed by docs/architecture.md. */
  static final Map<String, Integer> PORTS =
      Map.of("live-gateway", 8080, "resource-service", 8081, "notifier-relay", 8082);

  static String fullname(String component) {
    return Helm.RELEASE + "-keeplive-" + component;
  }

  @Test
  void theChartPassesStrictLintWithDefaultMinimalAndProductionValues() {
    for (ProcessResult lint : List.of(Helm.lint(), Helm.lint(MINIMAL), Helm.lint(PRODUCTION))) {
      assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
      assertThat(lint.stdout()).contains("0 chart(s) failed");
    }
  }

  @Test
  void renderingWithOnlyTheDefaultsGivesACompleteReleaseWithAGeneratedJwtSecret() {
    Manifests release = Helm.render(List.of());

    assertThat(release.kinds())
        .contains("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler")
        .contains("ConfigMap", "Secret");
    String encoded = release.get("Secret", "kl-keeplive-jwt").string("data.jwt-secret");
    String generated = decode(encoded);
    assertThat(generated).hasSize(48).matches("[A-Za-z0-9]+");
    assertThat(Helm.render(List.of()).get("Secret", "kl-keeplive-jwt").string("data.jwt-secret"))
        .as("a fresh install generates a fresh secret, not a fixed default")
        .isNotEqualTo(encoded);
  }

  @Test
  void anEmptyKafkaOrPostgresqlSettingFailsAndNamesTheValue() {
    ProcessResult kafka = Helm.template(List.of(), List.of("kafka.bootstrapServers="));
    ProcessResult postgres = Helm.template(List.of(), List.of("postgresql.host="));

    assertThat(kafka.exitCode()).isNotZero();
    assertThat(kafka.stderr()).contains("kafka/bootstrapServers");
    assertThat(postgres.exitCode()).isNotZero();
    assertThat(postgres.stderr()).contains("postgresql/host");
  }

  @Test
  void withAJwksUriAndNoSecretNoJwtSecretIsRendered() {
    Manifests release =
        Helm.render(List.of(), "jwt.jwksUri=https://auth.example.internal/jwks.json");

    assertThat(release.ofKind("Secret"))
        .noneMatch(secret -> secret.is("Secret", "kl-keeplive-jwt"));
  }

  @Test
  void theMinimalReleaseHasTheThreeServicesWithBudgetsGatewayAutoscalerAndDashboard() {
    Manifests release = Helm.render(List.of(MINIMAL));

    assertThat(release.kinds())
        .containsExactlyInAnyOrder(
            "ConfigMap",
            "Deployment",
            "Deployment",
            "Deployment",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "PodDisruptionBudget",
            "PodDisruptionBudget",
            "Secret",
            "Service",
            "Service",
            "Service",
            "ServiceAccount");
  }

  @Test
  void everyDeploymentRunsItsServiceOnTheDocumentedPortWithActuatorProbes() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    PORTS.forEach(
        (component, port) -> {
          YamlDocument container =
              release
                  .get("Deployment", fullname(component))
                  .child("spec.template.spec.containers[0]");
          assertThat(container.string("name")).isEqualTo(component);
          assertThat(container.at("ports[0].containerPort")).isEqualTo(port);
          assertThat(container.string("ports[0].name")).isEqualTo("http");
          assertThat(container.at("ports[1].containerPort")).isEqualTo(port + 1000);
          assertThat(container.string("ports[1].name")).isEqualTo("management");
          assertThat(container.string("image"))
              .isEqualTo("registry.example.internal/platform/keeplive/" + component + ":0.1.0");
          assertThat(container.string("livenessProbe.httpGet.path"))
              .isEqualTo("/actuator/health/liveness");
          assertThat(container.string("readinessProbe.httpGet.path"))
              .isEqualTo("/actuator/health/readiness");
          assertThat(container.string("startupProbe.httpGet.path"))
              .isEqualTo("/actuator/health/liveness");
          assertThat(container.string("livenessProbe.httpGet.port")).isEqualTo("http");
          assertThat(env(container)).containsEntry("SERVER_PORT", String.valueOf(port));
          assertThat(container.map("resources.requests")).containsKeys("cpu", "memory");
          assertThat(container.map("resources.limits")).containsKey("memory");
        });
  }

  @Test
  void everyPodRunsAsNonRootOnAReadOnlyRootFilesystemWithAWritableTmp() {
    Manifests release = Helm.render(List.of(MINIMAL));

    for (YamlDocument deployment : release.ofKind("Deployment")) {
      YamlDocument pod = deployment.child("spec.template.spec");
      assertThat(pod.at("securityContext.runAsNonRoot")).as(deployment.name()).isEqualTo(true);
      assertThat(pod.string("securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
      assertThat(pod.at("automountServiceAccountToken")).isEqualTo(false);
      YamlDocument container = pod.child("containers[0]");
      assertThat(container.at("securityContext.readOnlyRootFilesystem")).isEqualTo(true);
      assertThat(container.at("securityContext.allowPrivilegeEscalation")).isEqualTo(false);
      assertThat(container.at("securityContext.runAsNonRoot")).isEqualTo(true);
      assertThat(container.list("securityContext.capabilities.drop"))
          .extracting(YamlDocument::root)
          .contains("ALL");
      assertThat(container.string("volumeMounts[0].mountPath")).isEqualTo("/tmp");
      assertThat(pod.string("volumes[0].name")).isEqualTo(container.string("volumeMounts[0].name"));
      assertThat(pod.map("volumes[0].emptyDir")).containsKey("sizeLimit");
      assertThat(env(container).get("JAVA_TOOL_OPTIONS")).contains("-Djava.io.tmpdir=/tmp");
    }
  }

  @Test
  void servicesDeploymentsAndBudgetsSelectExactlyThePodsOfTheirOwnComponent() {
    Manifests release = Helm.render(List.of(MINIMAL));

    for (String component : PORTS.keySet()) {
      YamlDocument deployment = release.get("Deployment", fullname(component));
      Map<String, Object> podLabels = deployment.map("spec.template.metadata.labels");
      Map<String, Object> selector = deployment.map("spec.selector.matchLabels");
      assertThat(selector)
          .containsEntry("app.kubernetes.io/component", component)
          .containsEntry("app.kubernetes.io/instance", Helm.RELEASE)
          .containsEntry("app.kubernetes.io/name", "keeplive");
      assertThat(podLabels).containsAllEntriesOf(selector);
      assertThat(deployment.map("metadata.labels"))
          .containsKeys(
              "helm.sh/chart", "app.kubernetes.io/version", "app.kubernetes.io/managed-by");
      YamlDocument service = release.get("Service", fullname(component));
      assertThat(service.map("spec.selector")).isEqualTo(selector);
      assertThat(service.at("spec.ports[0].port")).isEqualTo(PORTS.get(component));
      assertThat(service.string("spec.ports[0].targetPort")).isEqualTo("http");
      YamlDocument budget = release.get("PodDisruptionBudget", fullname(component));
      assertThat(budget.map("spec.selector.matchLabels")).isEqualTo(selector);
      assertThat(budget.at("spec.maxUnavailable")).isEqualTo(1);
    }
  }

  @Test
  void theGatewayIsScaledByACpuAutoscalerAndItsDeploymentLeavesReplicasToIt() {
    Manifests release = Helm.render(List.of(MINIMAL));

    YamlDocument hpa = release.get("HorizontalPodAutoscaler", fullname("live-gateway"));
    assertThat(hpa.string("spec.scaleTargetRef.kind")).isEqualTo("Deployment");
    assertThat(hpa.string("spec.scaleTargetRef.name")).isEqualTo(fullname("live-gateway"));
    assertThat(hpa.at("spec.minReplicas")).isEqualTo(2);
    assertThat(hpa.string("spec.metrics[0].resource.name")).isEqualTo("cpu");
    assertThat(hpa.at("spec.metrics[0].resource.target.averageUtilization")).isEqualTo(70);
    assertThat(release.get("Deployment", fullname("live-gateway")).at("spec.replicas")).isNull();
    assertThat(release.get("Deployment", fullname("notifier-relay")).at("spec.replicas"))
        .isEqualTo(2);
    assertThat(
            release
                .get("Deployment", fullname("live-gateway"))
                .string("spec.strategy.rollingUpdate.maxUnavailable"))
        .isEqualTo("0");
  }

  @Test
  void withKedaTheGatewayScalesOnOpenSessionsAndNoSecondAutoscalerIsRendered() {
    Manifests release =
        Helm.render(
            List.of(MINIMAL),
            "gateway.autoscaling.hpa.enabled=false",
            "gateway.autoscaling.keda.enabled=true",
            "gateway.autoscaling.keda.prometheusServerAddress=http://prometheus:9090");

    assertThat(release.ofKind("HorizontalPodAutoscaler")).isEmpty();
    YamlDocument scaled = release.get("ScaledObject", fullname("live-gateway"));
    assertThat(scaled.string("spec.scaleTargetRef.name")).isEqualTo(fullname("live-gateway"));
    assertThat(scaled.string("spec.triggers[0].type")).isEqualTo("prometheus");
    assertThat(scaled.string("spec.triggers[0].metadata.query"))
        .isEqualTo(
            "sum(keeplive_gateway_sessions{namespace=\"keeplive\",service=\""
                + fullname("live-gateway")
                + "\"})");
    assertThat(scaled.string("spec.triggers[1].type")).isEqualTo("cpu");
    assertThat(release.get("Deployment", fullname("live-gateway")).at("spec.replicas")).isNull();
  }

  @Test
  void enablingBothTheHpaAndKedaIsRefused() {
    ProcessResult result =
        Helm.template(
            List.of(MINIMAL),
            List.of(
                "gateway.autoscaling.keda.enabled=true",
                "gateway.autoscaling.keda.prometheusServerAddress=http://prometheus:9090"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("mutually exclusive");
  }

  @Test
  void eachServiceGetsItsDatabaseKafkaAndJwtSettingsFromEnvAndExistingSecrets() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    YamlDocument resource = container(release, "resource-service");
    assertThat(env(resource))
        .containsEntry(
            "SPRING_R2DBC_URL",
            "r2dbc:postgresql://keeplive.cluster-abc.db.internal:5432/keeplive"
                + "?sslmode=verify-full&sslRootCert=/etc/keeplive/postgresql/ca.crt")
        .containsEntry(
            "SPRING_FLYWAY_URL",
            "jdbc:postgresql://keeplive.cluster-abc.db.internal:5432/keeplive"
                + "?sslmode=verify-full&sslrootcert=/etc/keeplive/postgresql/ca.crt")
        .containsEntry("SPRING_R2DBC_USERNAME", "keeplive_app")
        .doesNotContainKey("SPRING_KAFKA_BOOTSTRAP_SERVERS");
    assertThat(secretRef(resource, "SPRING_R2DBC_PASSWORD")).isEqualTo("keeplive-db/password");
    assertThat(secretRef(resource, "SPRING_FLYWAY_PASSWORD")).isEqualTo("keeplive-db/password");

    YamlDocument relay = container(release, "notifier-relay");
    assertThat(env(relay))
        .containsEntry(
            "SPRING_DATASOURCE_URL",
            "jdbc:postgresql://keeplive.cluster-abc.db.internal:5432/keeplive"
                + "?sslmode=verify-full&sslrootcert=/etc/keeplive/postgresql/ca.crt")
        .containsEntry(
            "SPRING_KAFKA_BOOTSTRAP_SERVERS",
            "b-1.kafka.internal:9094,b-2.kafka.internal:9094,b-3.kafka.internal:9094")
        .containsEntry("KEEPLIVE_RELAY_TOPIC", "keeplive.notifications")
        .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SSL");
    assertThat(secretRef(relay, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("keeplive-db/password");

    YamlDocument gateway = container(release, "live-gateway");
    assertThat(env(gateway))
        .containsEntry(
            "KEEPLIVE_GATEWAY_RESOURCE_SERVICE_URL",
            "http://" + fullname("resource-service") + ":8081")
        .containsEntry("KEEPLIVE_GATEWAY_TOPIC", "keeplive.notifications")
        .doesNotContainKey("SPRING_DATASOURCE_URL");

    for (YamlDocument container : List.of(resource, relay, gateway)) {
      assertThat(env(container))
          .containsEntry("KEEPLIVE_DEV_MODE", "false")
          .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
      assertThat(env(container))
          .as("endpoint exposure is the service's own; overriding it would hide its endpoints")
          .doesNotContainKey("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE");
    }
    for (YamlDocument container : List.of(resource, gateway)) {
      assertThat(env(container))
          .containsEntry(
              "KEEPLIVE_JWT_JWKS_URI", "https://auth.example.internal/.well-known/jwks.json")
          .containsEntry("KEEPLIVE_JWT_ISSUER", "https://auth.example.internal/")
          .containsEntry("KEEPLIVE_JWT_AUDIENCE", "keeplive");
      assertThat(secretRef(container, "KEEPLIVE_JWT_SECRET"))
          .isEqualTo("keeplive-jwt/hs256-secret");
    }
    assertThat(release.ofKind("Secret"))
        .as("existing secrets are referenced, not rendered")
        .isEmpty();
  }

  @Test
  void plainSecretValuesAreRenderedIntoChartSecretsAndReferencedFromThere() {
    Manifests release =
        Helm.render(
            List.of(MINIMAL),
            "jwt.secret=s3cr3t-value-for-hs256-at-least-32-bytes",
            "postgresql.existingSecret=",
            "postgresql.password=pw");

    assertThat(release.get("Secret", Helm.RELEASE + "-keeplive-jwt").string("data.jwt-secret"))
        .isEqualTo(
            java.util.Base64.getEncoder()
                .encodeToString("s3cr3t-value-for-hs256-at-least-32-bytes".getBytes()));
    assertThat(secretRef(container(release, "live-gateway"), "KEEPLIVE_JWT_SECRET"))
        .isEqualTo(Helm.RELEASE + "-keeplive-jwt/jwt-secret");
    assertThat(secretRef(container(release, "notifier-relay"), "SPRING_DATASOURCE_PASSWORD"))
        .isEqualTo(Helm.RELEASE + "-keeplive-postgresql/password");
    assertThat(
            release
                .get("Deployment", fullname("live-gateway"))
                .map("spec.template.metadata.annotations"))
        .containsKey("checksum/secrets");
  }

  @Test
  void theDashboardConfigmapCarriesTheGrafanaSidecarLabelAndTheOneDashboardFile() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    YamlDocument dashboard =
        release.get("ConfigMap", Helm.RELEASE + "-keeplive-keeplive-lag-latency");
    assertThat(dashboard.map("metadata.labels")).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.string("metadata.namespace")).isEqualTo("monitoring");
    assertThat(dashboard.map("data").get("keeplive-lag-latency.json"))
        .isEqualTo(
            RepositoryFiles.read("helm/keeplive/dashboards/keeplive-lag-latency.json").strip());
  }

  @Test
  void productionValuesEnableAServiceMonitorWhoseJobLabelIsTheComponentName() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    YamlDocument monitor = release.get("ServiceMonitor", Helm.RELEASE + "-keeplive");
    assertThat(monitor.map("metadata.labels")).containsEntry("release", "kube-prometheus-stack");
    assertThat(monitor.string("spec.jobLabel")).isEqualTo("app.kubernetes.io/component");
    assertThat(monitor.string("spec.endpoints[0].port")).isEqualTo("management");
    assertThat(monitor.string("spec.endpoints[0].path")).isEqualTo("/actuator/prometheus");
    assertThat(monitor.map("spec.selector.matchLabels"))
        .containsEntry("app.kubernetes.io/instance", Helm.RELEASE);
    for (YamlDocument service : release.ofKind("Service")) {
      assertThat(service.map("metadata.labels"))
          .containsAllEntriesOf(monitor.map("spec.selector.matchLabels"))
          .containsKey("app.kubernetes.io/component");
      assertThat(service.string("spec.ports[0].name")).isEqualTo("http");
      assertThat(service.string("spec.ports[1].name")).isEqualTo("management");
    }
  }

  @Test
  void productionValuesEnableEveryDocumentedAlertWithARunbookLink() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    List<YamlDocument> rules =
        release.get("PrometheusRule", Helm.RELEASE + "-keeplive").list("spec.groups[0].rules");
    assertThat(rules.stream().map(r -> r.string("alert")))
        .containsExactlyInAnyOrder(
            "KeepliveOutboxOldestRowTooOld",
            "KeepliveOutboxBacklogHigh",
            "KeepliveOutboxShardsUnowned",
            "KeepliveRelayErrors",
            "KeepliveGatewayConsumerLagHigh",
            "KeepliveEndToEndLatencyHigh",
            "KeepliveRefetchLatencyHigh",
            "KeepliveGatewayRefetchFailures",
            "KeepliveGatewayResyncRateHigh",
            "KeepliveGatewayDropRateHigh",
            "KeepliveGatewayAbortsHigh",
            "KeepliveMalformedNotifications",
            "KeepliveGatewayNotificationGaps",
            "KeepliveTargetDown");
    String operations = RepositoryFiles.read("docs/operations.md");
    for (YamlDocument rule : rules) {
      assertThat(rule.string("labels.severity")).isIn("critical", "warning");
      assertThat(rule.string("expr")).contains("namespace=\"keeplive\"");
      String runbook = rule.string("annotations.runbook_url");
      assertThat(runbook)
          .startsWith(
              "https://git.example.internal/platform/keeplive/blob/main/docs/operations.md#")
          .endsWith("#" + rule.string("alert").toLowerCase());
      assertThat(operations)
          .as("runbook section for " + rule.string("alert"))
          .contains("### " + rule.string("alert"));
    }
    Map<String, String> exprs =
        rules.stream().collect(Collectors.toMap(r -> r.string("alert"), r -> r.string("expr")));
    assertThat(exprs.get("KeepliveGatewayConsumerLagHigh"))
        .as("Kafka's client metrics replace dots in topic names with underscores")
        .contains("topic=\"keeplive_notifications\"")
        .endsWith("> 5000");
    assertThat(exprs.get("KeepliveOutboxShardsUnowned")).endsWith("< 64");
  }

  @Test
  void theInstallNotesNameEveryServiceEndpointAndWarnWhenDevModeIsOn() {
    ProcessResult production = Helm.installDryRun(List.of(PRODUCTION), List.of());
    ProcessResult development = Helm.installDryRun(List.of(MINIMAL), List.of("devMode=true"));

    assertThat(production.exitCode()).as(production.stderr()).isZero();
    String notes = production.stdout().substring(production.stdout().indexOf("NOTES:"));
    assertThat(notes)
        .contains(fullname("live-gateway") + ":8080")
        .contains(fullname("resource-service") + ":8081")
        .contains(fullname("notifier-relay") + ":8082")
        .contains("/actuator/health/readiness")
        .contains("grafana_dashboard")
        .doesNotContain("Metrics are not scraped yet")
        .doesNotContain("devMode=true");
    assertThat(development.stdout().substring(development.stdout().indexOf("NOTES:")))
        .contains("WARNING: devMode=true exposes POST /dev/token")
        .contains("Metrics are not scraped yet");
  }

  @Test
  void theValuesSchemaRejectsMisspelledKeysAndWrongTypes() {
    ProcessResult typo = Helm.template(List.of(MINIMAL), List.of("gateway.replicas=3"));
    ProcessResult wrongType =
        Helm.template(List.of(MINIMAL), List.of("gateway.autoscaling.hpa.enabled=yes please"));

    assertThat(typo.exitCode()).isNotZero();
    assertThat(typo.stderr()).contains("replicas");
    assertThat(wrongType.exitCode()).isNotZero();
    assertThat(wrongType.stderr()).contains("/gateway/autoscaling/hpa/enabled");
  }

  static String decode(String base64) {
    return new String(
        java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
  }

  static YamlDocument container(Manifests release, String component) {
    return release.get("Deployment", fullname(component)).child("spec.template.spec.containers[0]");
  }

  /** Plain env values by name (secret references map to null). */
  static Map<String, String> env(YamlDocument container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (YamlDocument variable : container.list("env")) {
      env.put(variable.string("name"), variable.string("value"));
    }
    return env;
  }

  static String secretRef(YamlDocument container, String name) {
    for (YamlDocument variable : container.list("env")) {
      if (name.equals(variable.string("name"))) {
        return variable.string("valueFrom.secretKeyRef.name")
            + "/"
            + variable.string("valueFrom.secretKeyRef.key");
      }
    }
    return null;
  }
}
