package io.keeplive.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directories of the repository that may be Maven modules: every top-level directory and every
 * directory under {@code examples/} (the example applications), so that the repository-wide checks
 * (source size, test names) see the examples too.
 */
final class Modules {

  private Modules() {}

  static Stream<Path> list(Path repository) throws IOException {
    List<Path> modules = new ArrayList<>();
    try (Stream<Path> top = Files.list(repository)) {
      top.filter(Files::isDirectory).forEach(modules::add);
    }
    Path examples = repository.resolve("examples");
    if (Files.isDirectory(examples)) {
      try (Stream<Path> nested = Files.list(examples)) {
        nested.filter(Files::isDirectory).forEach(modules::add);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return modules.stream();
  }
}
