package io.keeplive.deploy.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one external command. Output goes to temporary files rather than pipes, so a
 * command that prints a lot (helm template prints the whole release) can never block on a full
 * pipe.
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {

  public static ProcessResult run(
      List<String> command, Path directory, long timeout, TimeUnit unit) {
    return run(command, directory, Map.of(), timeout, unit);
  }

  public static ProcessResult run(
      List<String> command,
      Path directory,
      Map<String, String> environment,
      long timeout,
      TimeUnit unit) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("keeplive-cmd", ".out");
      err = Files.createTempFile("keeplive-cmd", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout, unit)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within " + timeout + " " + unit);
      }
      return new ProcessResult(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }
}
