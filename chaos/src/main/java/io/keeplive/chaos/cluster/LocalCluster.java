package io.keeplive.chaos.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A Keeplive cluster of separate processes on this machine: PostgreSQL, one KRaft broker, n ×
 * resource-service, notifier-relay and live-gateway, and HAProxy in front of the gateways and the
 * resource-services. Everything (configuration, data, logs, PID files) lives under one directory;
 * {@link #down(Path)} stops whatever the PID files name, also when the launching JVM is gone.
 */
public final class LocalCluster implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final ClusterSettings settings;
  private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();

  private LocalCluster(ClusterSettings settings) {
    this.settings = settings;
  }

  /** Starts every process and waits until each is ready; stops them all when one cannot start. */
  public static LocalCluster start(ClusterSettings settings, int instances) {
    LocalCluster cluster = new LocalCluster(settings);
    try {
      ClusterState.write(settings);
      cluster.startInfrastructure();
      cluster.startServices(instances);
      cluster.startProcess(Haproxy.prepare(settings));
      ManagedProcess haproxy = cluster.process("haproxy");
      Health.await(haproxy, START_TIMEOUT, cluster::balancersServe);
      return cluster;
    } catch (RuntimeException | SQLException e) {
      cluster.close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private void startInfrastructure() throws SQLException {
    ManagedProcess postgres = startProcess(PostgresServer.prepare(settings));
    ManagedProcess kafka = startProcess(KafkaBroker.prepare(settings));
    Health.await(postgres, START_TIMEOUT, () -> PostgresServer.accepts(settings));
    PostgresServer.createDatabase(settings);
    Health.await(kafka, START_TIMEOUT, () -> Health.listening(settings.ports().kafka()));
  }

  private void startServices(int instances) throws SQLException {
    // The first resource-service migrates the schema alone; the audit trigger needs the outbox.
    ManagedProcess first = startProcess(Services.resourceService(settings, 1));
    awaitReady(first, settings.ports().resourceServices().get(0));
    OutboxAudit.install(settings);
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (int i = 1; i <= instances; i++) {
      if (i > 1) {
        ready.add(startAndAwait(Services.resourceService(settings, i)));
      }
      ready.add(startAndAwait(Services.relay(settings, i)));
      ready.add(startAndAwait(Services.gateway(settings, i)));
    }
    ready.forEach(CompletableFuture::join);
  }

  private CompletableFuture<Void> startAndAwait(ManagedProcess process) {
    startProcess(process);
    int port = portOf(process.name());
    return CompletableFuture.runAsync(() -> awaitReady(process, port));
  }

  private static void awaitReady(ManagedProcess process, int port) {
    Health.await(process, START_TIMEOUT, () -> Health.ready(port));
  }

  private ManagedProcess startProcess(ManagedProcess process) {
    processes.put(process.name(), process);
    process.start();
    return process;
  }

  private boolean balancersServe() {
    return Health.ready(settings.ports().gatewayBalancer())
        && Health.ready(settings.ports().resourceBalancer());
  }

  /** The public port of a service process ({@code gateway-2}, {@code relay-1}, ...). */
  public int portOf(String name) {
    int index = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1)) - 1;
    if (name.startsWith("gateway-")) {
      return settings.ports().gateways().get(index);
    } else if (name.startsWith("resource-")) {
      return settings.ports().resourceServices().get(index);
    } else if (name.startsWith("relay-")) {
      return settings.ports().relays().get(index);
    }
    throw new IllegalArgumentException("not a service: " + name);
  }

  public ManagedProcess process(String name) {
    ManagedProcess process = processes.get(name);
    if (process == null) {
      throw new IllegalArgumentException("no process " + name + " in " + processes.keySet());
    }
    return process;
  }

  public List<String> processNames() {
    return List.copyOf(processes.keySet());
  }

  /** Restarts a stopped or killed process and waits until it is ready again. */
  public void restart(String name) {
    ManagedProcess process = process(name);
    process.start();
    awaitRunning(name);
  }

  /** Waits until the process serves again (services: readiness; the rest: its port). */
  public void awaitRunning(String name) {
    ManagedProcess process = process(name);
    switch (name) {
      case "postgres" ->
          Health.await(process, START_TIMEOUT, () -> PostgresServer.accepts(settings));
      case "kafka" ->
          Health.await(process, START_TIMEOUT, () -> Health.listening(settings.ports().kafka()));
      case "haproxy" -> Health.await(process, START_TIMEOUT, this::balancersServe);
      default -> awaitReady(process, portOf(name));
    }
  }

  public ClusterSettings settings() {
    return settings;
  }

  public String restUrl() {
    return "http://127.0.0.1:" + settings.ports().resourceBalancer();
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + settings.ports().gatewayBalancer();
  }

  public String kafkaBootstrap() {
    return KafkaBroker.bootstrap(settings);
  }

  public String jdbcUrl() {
    return PostgresServer.jdbcUrl(settings, PostgresServer.DATABASE);
  }

  /** Stops every process of this cluster (the same as {@link #down(Path)}). */
  @Override
  public void close() {
    down(settings.directory());
  }

  /**
   * Stops every process whose PID file is under {@code directory} and that still runs as part of
   * this cluster: the balancer first, PostgreSQL last (with a fast shutdown). Returns the names of
   * the processes it stopped.
   */
  public static List<String> down(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    Path pids = dir.resolve("pids");
    List<String> stopped = new ArrayList<>();
    if (!Files.isDirectory(pids)) {
      return stopped;
    }
    for (String name : stopOrder(pids)) {
      Path pidFile = pids.resolve(name + ".pid");
      Signals.ownProcess(pidFile, dir)
          .ifPresent(
              handle -> {
                String signal = name.equals("postgres") ? "INT" : "TERM";
                Signals.stop(handle, signal, Duration.ofSeconds(20));
                stopped.add(name);
              });
      deleteQuietly(pidFile);
    }
    return stopped;
  }

  private static List<String> stopOrder(Path pids) {
    List<String> order = List.of("haproxy", "gateway", "relay", "resource", "kafka", "postgres");
    try (Stream<Path> files = Files.list(pids)) {
      return files
          .map(file -> file.getFileName().toString().replace(".pid", ""))
          .sorted(
              Comparator.comparingInt(
                  (String name) ->
                      order.indexOf(
                          name.contains("-") ? name.substring(0, name.indexOf('-')) : name)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A PID file that cannot be deleted names a process that no longer runs.
    }
  }
}
