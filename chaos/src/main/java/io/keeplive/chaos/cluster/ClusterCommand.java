package io.keeplive.chaos.cluster;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code up}, {@code down}, {@code status} and {@code token} of the local cluster (the {@code
 * chaos/cluster} script runs this). Options: {@code --dir} (default {@code target/cluster} under
 * the module), {@code --base-port} (default 19000), {@code --instances} (default 2).
 */
public final class ClusterCommand {

  private ClusterCommand() {}

  public static void main(String[] args) {
    String verb = args.length == 0 ? "help" : args[0];
    Path dir = Path.of(option(args, "--dir", "chaos/target/cluster")).toAbsolutePath().normalize();
    Path classpathDir = Path.of(option(args, "--classpath", "chaos/target/classpath"));
    switch (verb) {
      case "up" -> up(args, dir, classpathDir);
      case "down" -> System.out.println("stopped: " + LocalCluster.down(dir));
      case "status" -> status(dir, classpathDir);
      case "token" -> token(args, dir, classpathDir);
      default -> {
        System.out.println(
            "usage: cluster up|down|status|token [--dir D] [--base-port N] [--instances N]"
                + " [--user U --tenant T --roles r1,r2]");
        System.exit(verb.equals("help") ? 0 : 2);
      }
    }
  }

  private static void up(String[] args, Path dir, Path classpathDir) {
    if (Files.exists(dir.resolve("pids")) && !runningProcesses(dir).isEmpty()) {
      System.err.println("a cluster is already running in " + dir + ": run down first");
      System.exit(1);
    }
    int base = Integer.parseInt(option(args, "--base-port", "19000"));
    int instances = Integer.parseInt(option(args, "--instances", "2"));
    ClusterSettings settings =
        ClusterState.fresh(
            dir, ClusterPorts.fromBase(base, instances), Classpaths.readFrom(classpathDir));
    LocalCluster cluster = LocalCluster.start(settings, instances);
    System.out.println("Keeplive cluster up in " + dir);
    System.out.println("  WebSocket   " + cluster.gatewayUrl().replace("http", "ws") + "/live");
    System.out.println("  REST        " + cluster.restUrl() + "/api/...");
    System.out.println("  PostgreSQL  " + cluster.jdbcUrl());
    System.out.println("  Kafka       " + cluster.kafkaBootstrap());
    System.out.println("  logs        " + dir.resolve("logs"));
    System.out.println("  processes   " + cluster.processNames());
    System.exit(0);
  }

  private static void status(Path dir, Path classpathDir) {
    List<String> running = runningProcesses(dir);
    System.out.println(running.isEmpty() ? "no cluster running in " + dir : "running: " + running);
  }

  private static List<String> runningProcesses(Path dir) {
    try (var files = Files.list(dir.resolve("pids"))) {
      return files
          .filter(file -> Signals.ownProcess(file, dir).isPresent())
          .map(file -> file.getFileName().toString().replace(".pid", ""))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A token signed with the cluster's secret, as an identity provider would issue it. */
  private static void token(String[] args, Path dir, Path classpathDir) {
    ClusterSettings settings = ClusterState.read(dir, new Classpaths("", ""));
    TokenIssuer issuer = TokenIssuer.hs256(JwtSettings.hs256(settings.jwtSecret()));
    List<String> roles = Arrays.asList(option(args, "--roles", "agent").split(","));
    System.out.println(
        issuer.issue(
            option(args, "--user", "alice"),
            option(args, "--tenant", "acme"),
            roles,
            Duration.ofHours(1)));
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 1; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
