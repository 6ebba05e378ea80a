package io.keeplive.stack.clients;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout the tests run in (Maven runs them with the module as working dir). */
final class Repository {

  private Repository() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("clients/package.json"))
          && Files.isDirectory(dir.resolve("docs/schemas"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("not inside the Keeplive repository");
  }

  static Path schemas() {
    return root().resolve("docs/schemas");
  }

  static Path clients() {
    return root().resolve("clients");
  }

  /** Where tests leave logs and screenshots: embedded-stack/target/clients. */
  static Path artifacts() {
    Path dir = root().resolve("embedded-stack/target/clients");
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }
}
