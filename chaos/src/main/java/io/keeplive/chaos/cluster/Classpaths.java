package io.keeplive.chaos.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The two class paths the build writes ({@code dependency:build-classpath}): the services' (their
 * jars and runtime dependencies) and the tools' (the Kafka broker and the PostgreSQL binaries).
 */
public record Classpaths(String services, String tools) {

  /** Reads {@code services.txt} and {@code tools.txt} from {@code directory}. */
  public static Classpaths readFrom(Path directory) {
    try {
      return new Classpaths(
          Files.readString(directory.resolve("services.txt")).trim(),
          Files.readString(directory.resolve("tools.txt")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no class path files in "
              + directory
              + ": build the module first (./mvnw -pl chaos -am package -DskipTests)",
          e);
    }
  }

  /** The tools class path jar of artifact {@code artifactId} (any version). */
  Path toolJar(String artifactId) {
    return Arrays.stream(tools.split(File.pathSeparator))
        .map(Path::of)
        .filter(path -> path.getFileName().toString().matches(artifactId + "-[0-9][^-]*\\.jar"))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no " + artifactId + " jar on the tools path"));
  }
}
