package io.keeplive.stack.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the npm workspace under clients/ with the machine's Node.js (README: Node ≥ 20 + npm). The
 * first use installs it with {@code npm ci} when node_modules is missing (.ci/run installs it
 * beforehand) and builds the packages.
 */
final class Node {

  private static boolean ready;

  private Node() {}

  static synchronized void ready() {
    if (ready) {
      return;
    }
    Path clients = Repository.clients();
    if (!Files.isDirectory(clients.resolve("node_modules"))) {
      run("npm-ci", Duration.ofMinutes(5), Map.of(), "npm", "ci", "--no-audit", "--no-fund");
    }
    run("npm-build", Duration.ofMinutes(3), Map.of(), "npm", "run", "build");
    ready = true;
  }

  /**
   * Runs a command in clients/, output to target/clients/{@code name}.log; fails on non-zero exit.
   */
  static void run(String name, Duration timeout, Map<String, String> env, String... command) {
    Path log = Repository.artifacts().resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(command))
            .directory(Repository.clients().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " timed out; " + tail(log));
      }
      assertThat(process.exitValue())
          .as("%s failed; %s", String.join(" ", command), tail(log))
          .isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not run " + command[0] + " (Node ≥ 20 and npm must be on PATH)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return "output ("
          + log
          + "):\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "no output";
    }
  }
}
