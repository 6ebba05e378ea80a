package io.keeplive.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keeplive.chaos.cluster.Classpaths;
import io.keeplive.chaos.cluster.ClusterPorts;
import io.keeplive.chaos.cluster.ClusterSettings;
import io.keeplive.chaos.cluster.ClusterState;
import io.keeplive.chaos.cluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos run (docs/reliability.md): a local cluster of real processes, a seeded schedule of real
 * faults, an independent checker. The default suite runs the 90-second profile with a random seed;
 * {@code -Pchaos -Dchaos.duration=300 -Dchaos.seed=<seed>} replays any run. The cluster, its logs
 * and the run's report stay in {@code chaos/target/chaos/seed-<seed>/}.
 */
@Tag("slow")
class ChaosRunTest {

  private static final Logger log = LoggerFactory.getLogger(ChaosRunTest.class);

  @Test
  void everyAcknowledgedWriteSurvivesTheFaultsAndEveryViewConvergesOnTheTruth() throws Exception {
    assumeTrue(
        haproxyInstalled() || System.getenv("KEEPLIVE_CHAOS_REQUIRED") != null,
        "the chaos run needs HAProxy (Debian package haproxy); .ci/run installs it");
    long seed = seed();
    long duration = Long.parseLong(System.getProperty("chaos.duration", "90"));
    Path dir = Path.of("target/chaos/seed-" + seed).toAbsolutePath();
    LocalCluster.down(dir);
    deleteRecursively(dir);
    ClusterSettings settings =
        ClusterState.fresh(
                dir,
                ClusterPorts.free(2),
                Classpaths.readFrom(
                    Path.of(System.getProperty("chaos.classpath", "target/classpath"))))
            .withServiceHeap("320m");
    log.info("chaos run seed {} for {} s in {}", seed, duration, dir);
    RunResult result;
    try (LocalCluster cluster = LocalCluster.start(settings, 2)) {
      boolean broken = "client-no-resubscribe".equals(System.getProperty("chaos.break"));
      result = new ChaosRun(cluster, new ChaosRun.Settings(seed, duration, 10, !broken)).run();
    }
    Files.writeString(
        dir.resolve("report.md"), result.markdown() + "\n" + result.violations() + "\n");
    log.info("chaos run result:\n{}\n{}", result.markdown(), result.violations());
    assertThat(processesOf(dir)).as("processes left running after down").isEmpty();
    assertThat(result.violations().isEmpty())
        .as(
            "seed %d violated the guarantees; replay with %s%n%s",
            seed, result.replay(), result.violations())
        .isTrue();
  }

  private static long seed() {
    String configured = System.getProperty("chaos.seed", "");
    return configured.isBlank()
        ? new Random().nextLong() & 0xffffffffL
        : Long.parseLong(configured);
  }

  private static boolean haproxyInstalled() {
    return Files.isExecutable(Path.of("/usr/sbin/haproxy"))
        || Files.isExecutable(Path.of("/usr/bin/haproxy"));
  }

  private static List<ProcessHandle> processesOf(Path dir) {
    return ProcessHandle.allProcesses()
        .filter(
            p -> p.info().commandLine().map(line -> line.contains(dir.toString())).orElse(false))
        .toList();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
