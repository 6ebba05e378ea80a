package io.keeplive.chaos.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One process of the cluster: its command, its log file (appended across restarts) and a PID file
 * that lets {@code down} find it from another JVM, also after the launching JVM crashed.
 */
public final class ManagedProcess {

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path directory;
  private volatile Process process;

  ManagedProcess(String name, List<String> command, Map<String, String> environment, Path dir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.directory = dir;
  }

  public String name() {
    return name;
  }

  /** Starts the process (again); the old one, if any, must be gone. */
  public synchronized void start() {
    try {
      Files.createDirectories(directory.resolve("logs"));
      Files.createDirectories(directory.resolve("pids"));
      ProcessBuilder builder =
          new ProcessBuilder(detached(command))
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
      Files.writeString(pidFile(), String.valueOf(process.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  /**
   * Runs the command in a session of its own ({@code setsid} execs it, so the PID stays the
   * command's): a Ctrl-C or a hang-up of the launching terminal does not reach the cluster, only
   * {@code down} stops it.
   */
  private static List<String> detached(List<String> command) {
    if (!Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      return command;
    }
    List<String> out = new ArrayList<>();
    out.add("/usr/bin/setsid");
    out.addAll(command);
    return out;
  }

  public Path logFile() {
    return directory.resolve("logs").resolve(name + ".log");
  }

  Path pidFile() {
    return directory.resolve("pids").resolve(name + ".pid");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, no graceful close of anything. */
  public void kill() {
    signal("KILL");
    awaitExit(Duration.ofSeconds(30));
  }

  /** SIGTERM (SIGINT for PostgreSQL's fast shutdown), then SIGKILL after {@code grace}. */
  public void stop(String signal, Duration grace) {
    if (!isAlive()) {
      return;
    }
    signal("CONT");
    signal(signal);
    if (!awaitExit(grace)) {
      kill();
    }
  }

  /** Sends a signal by name ({@code STOP}, {@code CONT}, {@code KILL}, {@code TERM}, ...). */
  public void signal(String signal) {
    if (process != null) {
      Signals.send(process.pid(), signal);
    }
  }

  public boolean awaitExit(Duration timeout) {
    try {
      return process == null || process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log)";
    }
  }

  Optional<Process> process() {
    return Optional.ofNullable(process);
  }
}
