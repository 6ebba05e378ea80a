package io.keeplive.deploy.alerts;

import io.keeplive.deploy.helm.ProcessResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * Prometheus' own checker ({@code promtool}, Debian package {@code prometheus}). Optional: the
 * checks that need it are skipped, with the reason, where it is not installed.
 */
final class Promtool {

  private Promtool() {}

  static Path require() {
    String override = System.getenv("KEEPLIVE_PROMTOOL");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new TestAbortedException(
        "promtool is not installed (Debian package 'prometheus'); skipping the Prometheus checks");
  }

  static ProcessResult run(Path workingDirectory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    return ProcessResult.run(command, workingDirectory, 2, TimeUnit.MINUTES);
  }
}
