package io.keeplive.deploy.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository checkout the deployment files live in and reads them. */
public final class RepositoryFiles {

  private static final Path ROOT = locateRoot();

  private RepositoryFiles() {}

  /** The repository root (the directory holding the root pom.xml, helm/ and deploy/). */
  public static Path root() {
    return ROOT;
  }

  public static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }

  private static Path locateRoot() {
    String configured = System.getProperty("keeplive.repository.root");
    Path start =
        configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    for (Path candidate = start.toAbsolutePath().normalize();
        candidate != null;
        candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("helm/keeplive/Chart.yaml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no repository root with helm/keeplive/Chart.yaml above " + start);
  }
}
