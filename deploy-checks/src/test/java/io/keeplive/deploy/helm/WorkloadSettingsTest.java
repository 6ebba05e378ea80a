package io.keeplive.deploy.helm;

import static io.keeplive.deploy.helm.HelmChartTest.MINIMAL;
import static io.keeplive.deploy.helm.HelmChartTest.PRODUCTION;
import static io.keeplive.deploy.helm.HelmChartTest.container;
import static io.keeplive.deploy.helm.HelmChartTest.env;
import static io.keeplive.deploy.helm.HelmChartTest.fullname;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.deploy.repository.YamlDocument;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Per-service images, JVM budgets, shutdown, disruption budgets, volumes and TLS settings. */
class WorkloadSettingsTest {

  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final String OTHER_DIGEST = "sha256:" + "b".repeat(64);

  @Test
  void eachServiceCanBePinnedToItsOwnTagOrDigest() {
    Manifests release =
        Helm.render(
            List.of(MINIMAL),
            "image.tag=1.0.0",
            "gateway.image.tag=1.0.1",
            "relay.image.digest=" + DIGEST);

    assertThat(container(release, "live-gateway").string("image"))
        .isEqualTo("keeplive/live-gateway:1.0.1");
    assertThat(container(release, "resource-service").string("image"))
        .isEqualTo("keeplive/resource-service:1.0.0");
    assertThat(container(release, "notifier-relay").string("image"))
        .isEqualTo("keeplive/notifier-relay@" + DIGEST);

    Manifests global =
        Helm.render(
            List.of(MINIMAL),
            "image.digest=" + DIGEST,
            "gateway.image.digest=" + OTHER_DIGEST,
            "resourceService.image.registry=mirror.example.internal");
    assertThat(container(global, "live-gateway").string("image")).endsWith("@" + OTHER_DIGEST);
    assertThat(container(global, "notifier-relay").string("image")).endsWith("@" + DIGEST);
    assertThat(container(global, "resource-service").string("image"))
        .isEqualTo("mirror.example.internal/keeplive/resource-service@" + DIGEST);
  }

  /** Mebibytes of a JVM size flag value ("512m", "1g") or a Kubernetes quantity ("768Mi"). */
  static long mebibytes(String size) {
    Matcher m = Pattern.compile("([0-9]+)([kKmMgG])(i)?").matcher(size);
    assertThat(m.matches()).as(size).isTrue();
    long n = Long.parseLong(m.group(1));
    return switch (Character.toLowerCase(m.group(2).charAt(0))) {
      case 'k' -> n / 1024;
      case 'm' -> n;
      default -> n * 1024;
    };
  }

  static String flag(String options, String name) {
    Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(name) + "([^ ]+)").matcher(options);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  @Test
  void everyJvmHasExplicitMemoryBudgetsThatFitItsContainerLimitAndAProcessorCount() {
    for (String values : List.of(MINIMAL, PRODUCTION)) {
      Manifests release = Helm.render(List.of(values));
      for (String component : HelmChartTest.PORTS.keySet()) {
        YamlDocument container = container(release, component);
        String options = env(container).get("JAVA_TOOL_OPTIONS");
        String where = values + " " + component + ": " + options;
        assertThat(options).as(where).doesNotContain("MaxRAMPercentage");
        long heap = mebibytes(flag(options, "-Xmx"));
        long direct = mebibytes(flag(options, "-XX:MaxDirectMemorySize="));
        long metaspace = mebibytes(flag(options, "-XX:MaxMetaspaceSize="));
        long codeCache = mebibytes(flag(options, "-XX:ReservedCodeCacheSize="));
        assertThat(flag(options, "-XX:ActiveProcessorCount=")).as(where).matches("[1-9][0-9]*");
        long limit = mebibytes(container.string("resources.limits.memory"));
        // What the flags bound must leave at least 15 % of the limit for what they do not:
        // thread stacks, GC structures, symbol tables, malloc arenas (capped by MALLOC_ARENA_MAX).
        assertThat(heap + direct + metaspace + codeCache)
            .as(where + " budgets vs limit " + limit + " MiB")
            .isLessThanOrEqualTo(limit * 85 / 100);
        assertThat(env(container)).containsEntry("MALLOC_ARENA_MAX", "2");
      }
    }
  }

  @Test
  void aMemoryTargetIsUsedOnlyWhenTheJvmCannotFillTheRequestByDesign() {
    for (String values : List.of(MINIMAL, PRODUCTION)) {
      Manifests release = Helm.render(List.of(values));
      for (YamlDocument hpa : release.ofKind("HorizontalPodAutoscaler")) {
        for (YamlDocument metric : hpa.list("spec.metrics")) {
          if (!"memory".equals(metric.string("resource.name"))) {
            continue;
          }
          YamlDocument container = container(release, "live-gateway");
          long request = mebibytes(container.string("resources.requests.memory"));
          long heap = mebibytes(flag(env(container).get("JAVA_TOOL_OPTIONS"), "-Xmx"));
          long target = Long.parseLong(metric.string("resource.target.averageUtilization"));
          assertThat(heap)
              .as(values + ": a heap above target % of the request keeps replicas at the maximum")
              .isLessThan(request * target / 100);
        }
      }
    }
  }

  @Test
  void hardAntiAffinityIsNeverCombinedWithARolloutThatNeedsASurgeNode() {
    Manifests release = Helm.render(List.of(PRODUCTION));
    for (YamlDocument deployment : release.ofKind("Deployment")) {
      boolean hard =
          deployment.at(
                  "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution")
              != null;
      Object maxUnavailable = deployment.at("spec.strategy.rollingUpdate.maxUnavailable");
      Object replicas = deployment.at("spec.replicas");
      // Kubernetes' default maxUnavailable is 25 %, rounded down: 0 below 4 replicas.
      boolean noneUnavailable =
          maxUnavailable == null
              ? replicas == null || ((Integer) replicas) < 4
              : "0".equals(String.valueOf(maxUnavailable));
      assertThat(hard && noneUnavailable)
          .as(deployment.name() + ": hard anti-affinity with 0 unavailable hangs a rollout")
          .isFalse();
    }
  }

  @Test
  void everyServicePausesBeforeShutdownSoItLeavesItsEndpointsFirst() {
    Manifests release = Helm.render(List.of(MINIMAL));
    for (String component : HelmChartTest.PORTS.keySet()) {
      assertThat(container(release, component).list("lifecycle.preStop.exec.command"))
          .as(component)
          .extracting(YamlDocument::root)
          .first()
          .isEqualTo("sleep");
    }
    Manifests tuned =
        Helm.render(
            List.of(MINIMAL),
            "resourceService.preStopSleepSeconds=7",
            "relay.preStopSleepSeconds=3");
    assertThat(container(tuned, "resource-service").string("lifecycle.preStop.exec.command[1]"))
        .isEqualTo("7");
    assertThat(container(tuned, "notifier-relay").string("lifecycle.preStop.exec.command[1]"))
        .isEqualTo("3");
  }

  @Test
  void disruptionBudgetsRenderZeroAsZero() {
    Manifests release =
        Helm.render(
            List.of(MINIMAL),
            "gateway.pdb.maxUnavailable=0",
            "relay.pdb.minAvailable=0",
            "resourceService.pdb.minAvailable=50%");

    YamlDocument gateway = release.get("PodDisruptionBudget", fullname("live-gateway"));
    assertThat(gateway.at("spec.maxUnavailable")).isEqualTo(0);
    assertThat(gateway.at("spec.minAvailable")).isNull();
    YamlDocument relay = release.get("PodDisruptionBudget", fullname("notifier-relay"));
    assertThat(relay.at("spec.minAvailable")).isEqualTo(0);
    assertThat(relay.at("spec.maxUnavailable")).isNull();
    assertThat(
            release
                .get("PodDisruptionBudget", fullname("resource-service"))
                .string("spec.minAvailable"))
        .isEqualTo("50%");

    ProcessResult both =
        Helm.template(
            List.of(MINIMAL),
            List.of("gateway.pdb.maxUnavailable=1", "gateway.pdb.minAvailable=1"));
    assertThat(both.exitCode()).isNotZero();
    assertThat(both.stderr()).contains("mutually exclusive");
  }

  @Test
  void extraVolumesBringThePostgresqlCaAndTheKafkaTruststoreUnderAReadOnlyRoot() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    for (String component : HelmChartTest.PORTS.keySet()) {
      YamlDocument pod = release.get("Deployment", fullname(component)).child("spec.template.spec");
      assertThat(pod.list("volumes"))
          .extracting(v -> v.string("name"))
          .contains("tmp", "postgresql-ca", "kafka-truststore");
      assertThat(pod.list("containers[0].volumeMounts"))
          .extracting(m -> m.string("mountPath"))
          .contains("/tmp", "/etc/keeplive/postgresql", "/etc/keeplive/kafka");
    }
    Manifests single =
        Helm.render(
            List.of(MINIMAL),
            "relay.extraVolumes[0].name=only-relay",
            "relay.extraVolumes[0].emptyDir.medium=Memory",
            "relay.extraVolumeMounts[0].name=only-relay",
            "relay.extraVolumeMounts[0].mountPath=/only");
    assertThat(container(single, "notifier-relay").list("volumeMounts"))
        .extracting(m -> m.string("mountPath"))
        .containsExactly("/tmp", "/only");
    assertThat(container(single, "live-gateway").list("volumeMounts")).hasSize(1);
  }

  @Test
  void theProductionExampleVerifiesTheDatabaseServerWithTheMountedCa() {
    Manifests release = Helm.render(List.of(PRODUCTION));

    Map<String, String> resource = env(container(release, "resource-service"));
    assertThat(resource.get("SPRING_R2DBC_URL"))
        .endsWith("?sslmode=verify-full&sslRootCert=/etc/keeplive/postgresql/ca.crt");
    assertThat(resource.get("SPRING_FLYWAY_URL"))
        .endsWith("?sslmode=verify-full&sslrootcert=/etc/keeplive/postgresql/ca.crt");
    assertThat(env(container(release, "notifier-relay")).get("SPRING_DATASOURCE_URL"))
        .endsWith("?sslmode=verify-full&sslrootcert=/etc/keeplive/postgresql/ca.crt");
  }

  @Test
  void healthDetailsAreShownByAGroupWithoutAPublicPathAndTheProbesShowNone() {
    Manifests release = Helm.render(List.of(MINIMAL));

    for (String component : HelmChartTest.PORTS.keySet()) {
      Map<String, String> env = env(container(release, component));
      assertThat(env)
          .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_GROUP_DETAILS_INCLUDE", "*")
          .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_GROUP_DETAILS_SHOW_DETAILS", "always")
          .doesNotContainKey("MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS")
          .doesNotContainKey("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_SHOW_DETAILS");
      assertThat(env.keySet()).noneMatch(k -> k.contains("ADDITIONAL_PATH"));
    }
  }
}
