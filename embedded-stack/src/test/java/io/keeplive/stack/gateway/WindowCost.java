package io.keeplive.stack.gateway;

import io.keeplive.stack.benchmark.Component;
import io.keeplive.stack.benchmark.CpuAttribution;
import io.keeplive.stack.benchmark.JfrProfile;
import io.keeplive.stack.benchmark.ThreadCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU of every process on the path over a measured window, by {@link Component}: this JVM's thread
 * pools shared out by a JFR profile of the same window, and the Kafka broker's JVM, PostgreSQL's
 * processes and the clients' JVMs as wholes.
 */
final class WindowCost {

  private final int postgresPort;
  private final List<ClientProcess> clients;
  private final Map<String, Long> poolsBefore;
  private final long kafkaBefore;
  private final long postgresBefore;
  private final long clientsBefore;
  private final long processBefore;
  private final JfrProfile profile;

  /** The window's CPU by component, the pools behind it and the profile's samples. */
  record Result(
      Map<Component, Long> nanos, Map<String, Long> pools, JfrProfile.Samples samples, long jvm) {}

  private WindowCost(int postgresPort, List<ClientProcess> clients) {
    this.postgresPort = postgresPort;
    this.clients = clients;
    this.poolsBefore = ThreadCpu.byPool(ProcessHandle.current().pid());
    this.kafkaBefore = kafkaNanos();
    this.postgresBefore = postgresNanos(postgresPort);
    this.clientsBefore = ClientProcess.cpuNanos(clients);
    this.processBefore = ThreadCpu.ofProcess(ProcessHandle.current());
    this.profile = JfrProfile.start();
  }

  static WindowCost start(int postgresPort, List<ClientProcess> clients) {
    return new WindowCost(postgresPort, clients);
  }

  Result stop(Path recording) throws IOException {
    Map<String, Long> pools =
        ThreadCpu.delta(poolsBefore, ThreadCpu.byPool(ProcessHandle.current().pid()));
    long jvm = ThreadCpu.ofProcess(ProcessHandle.current()) - processBefore;
    Map<Component, Long> nanos = new EnumMap<>(Component.class);
    nanos.put(Component.KAFKA, kafkaNanos() - kafkaBefore);
    nanos.put(Component.POSTGRES, postgresNanos(postgresPort) - postgresBefore);
    nanos.put(Component.CLIENTS, ClientProcess.cpuNanos(clients) - clientsBefore);
    profile.stop(recording);
    profile.close();
    JfrProfile.Samples samples = JfrProfile.Samples.read(recording);
    CpuAttribution.of(pools, samples.byPool()).forEach((c, n) -> nanos.merge(c, n, Long::sum));
    return new Result(nanos, pools, samples, jvm);
  }

  /** The broker's JVM when it runs as a child ({@code -Dkeeplive.test.kafka=child}), else 0. */
  private static long kafkaNanos() {
    return ProcessHandle.current()
        .descendants()
        .filter(WindowCost::isKafkaBroker)
        .mapToLong(ThreadCpu::ofProcess)
        .sum();
  }

  /** Read from {@code /proc}: the JDK leaves out command lines as long as a test class path. */
  private static boolean isKafkaBroker(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", process.pid() + "", "cmdline"))
          .contains("KafkaChildJvm");
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }

  /** CPU of the PostgreSQL server listening on {@code port} and its backends, so far. */
  static long postgresNanos(int port) {
    String portArg = String.valueOf(port);
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info().command().map(c -> c.endsWith("postgres")).orElse(false)
                    && p.info().arguments().map(a -> List.of(a).contains(portArg)).orElse(false))
        .mapToLong(
            postmaster ->
                Stream.concat(Stream.of(postmaster), postmaster.descendants())
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                    .sum())
        .sum();
  }
}
