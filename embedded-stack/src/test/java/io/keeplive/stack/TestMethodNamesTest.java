package io.keeplive.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One naming convention for test methods in every module: a behaviour sentence in camel case
 * ({@code expiredTokenClosesWith4401}), no snake case and no {@code test} prefix, so a report reads
 * the same whichever module it comes from.
 */
class TestMethodNamesTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  /** A test method: its annotation, then (after other annotations) its name. */
  private static final Pattern TEST_METHOD =
      Pattern.compile(
          "@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\\b(?:[^{;]|\\{\\w*\\})*?"
              + "\\bvoid\\s+(\\w+)\\s*\\(");

  private static final Pattern OFF_CONVENTION = Pattern.compile("_|^test[A-Z0-9]|^[A-Z]");

  @Test
  void everyTestMethodIsNamedAsACamelCaseSentence() throws IOException {
    List<String> offConvention = new ArrayList<>();
    try (Stream<Path> modules = Modules.list(REPOSITORY)) {
      for (Path module : modules.sorted().toList()) {
        Path tests = module.resolve("src/test/java");
        if (Files.isDirectory(tests)) {
          try (Stream<Path> files = Files.walk(tests)) {
            files
                .filter(f -> f.toString().endsWith(".java"))
                .forEach(f -> offConvention.addAll(offConventionNames(f)));
          }
        }
      }
    }
    assertThat(offConvention).isEmpty();
  }

  @Test
  void theCheckSeesSnakeCaseAndTestPrefixes() {
    // "@" + "Test": this file's own sample must not count as one of its tests.
    String sample =
        "@" + "Test\n void a_b() {} @" + "ParameterizedTest(name = \"{0}\") void testIt(int i) {}";
    assertThat(names(sample)).containsExactly("a_b", "testIt");
  }

  private static List<String> offConventionNames(Path file) {
    try {
      return names(Files.readString(file)).stream()
          .filter(name -> OFF_CONVENTION.matcher(name).find())
          .map(name -> REPOSITORY.relativize(file) + "#" + name)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(String source) {
    List<String> names = new ArrayList<>();
    Matcher method = TEST_METHOD.matcher(source);
    while (method.find()) {
      names.add(method.group(1));
    }
    return names;
  }
}
