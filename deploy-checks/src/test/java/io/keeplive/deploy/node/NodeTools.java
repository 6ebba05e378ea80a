package io.keeplive.deploy.node;

import io.keeplive.deploy.helm.ProcessResult;
import io.keeplive.deploy.repository.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * deploy-checks/node: its packages are installed with {@code npm ci} (exactly the lock file's
 * versions) the first time a check needs them, and again whenever the lock file is newer than the
 * installation. Like helm, a missing npm skips the checks locally and fails them on CI.
 */
public final class NodeTools {

  public static final Path DIRECTORY = RepositoryFiles.path("deploy-checks/node");

  private static volatile boolean installed;

  private NodeTools() {}

  /** Runs {@code node <script> <args>} in deploy-checks/node. */
  public static ProcessResult node(String script, String... args) {
    install();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return ProcessResult.run(command, DIRECTORY, 5, TimeUnit.MINUTES);
  }

  /** Runs an installed package's command line, e.g. {@code readme-generator}. */
  public static ProcessResult bin(String name, String... args) {
    install();
    List<String> command =
        new ArrayList<>(List.of(DIRECTORY.resolve("node_modules/.bin/" + name).toString()));
    command.addAll(List.of(args));
    return ProcessResult.run(command, DIRECTORY, 5, TimeUnit.MINUTES);
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    Path marker = DIRECTORY.resolve("node_modules/.package-lock.json");
    try {
      if (!Files.exists(marker)
          || Files.getLastModifiedTime(marker)
                  .compareTo(Files.getLastModifiedTime(DIRECTORY.resolve("package-lock.json")))
              < 0) {
        ProcessResult ci;
        try {
          ci =
              ProcessResult.run(
                  List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"),
                  DIRECTORY,
                  10,
                  TimeUnit.MINUTES);
        } catch (UncheckedIOException e) {
          unavailable("npm cannot be run: " + e.getMessage());
          return;
        }
        if (ci.exitCode() != 0) {
          unavailable("npm ci failed: " + ci.stderr());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    installed = true;
  }

  private static void unavailable(String reason) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(reason + " (CI=true: these checks must run)");
    }
    throw new TestAbortedException(reason + " (skipped outside CI)");
  }
}
