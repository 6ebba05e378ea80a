package com.example.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md shows this application's code, not a copy of it: every code block after a
 * {@code <!-- snippet: path#name -->} line must equal the region of that file between the lines
 * {@code getting-started: name} and {@code getting-started: end} (common indentation removed), and
 * every region of this module is shown. So the guide changes when the example does, and the example
 * is what the build compiles, tests and runs behind a gateway.
 */
class GettingStartedGuideTest {

  private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
  private static final Path GUIDE = REPOSITORY.resolve("docs/getting-started.md");
  private static final Pattern SNIPPET =
      Pattern.compile(
          "<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("getting-started: ([\\w-]+)");

  /** Region name → its text, for every region of {@code file}. */
  static Map<String, String> regions(String file) {
    Map<String, String> regions = new LinkedHashMap<>();
    String name = null;
    List<String> lines = new ArrayList<>();
    for (String line : file.split("\n", -1)) {
      Matcher marker = MARKER.matcher(line);
      if (marker.find()) {
        if (marker.group(1).equals("end")) {
          regions.put(name, dedent(lines));
          name = null;
        } else {
          name = marker.group(1);
          lines = new ArrayList<>();
        }
      } else if (name != null) {
        lines.add(line);
      }
    }
    return regions;
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(indent));
    }
    return String.join("\n", out).strip();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everySnippetOfTheGuideEqualsTheRegionOfTheFileItNames() {
    Matcher snippet = SNIPPET.matcher(read(GUIDE));
    int found = 0;
    while (snippet.find()) {
      found++;
      Path file = REPOSITORY.resolve(snippet.group(1));
      assertThat(file).as("file of snippet " + snippet.group(1)).exists();
      assertThat(regions(read(file)))
          .as(snippet.group(1) + " region " + snippet.group(2))
          .containsEntry(snippet.group(2), snippet.group(3).strip());
    }
    assertThat(found).as("snippets in the guide").isGreaterThanOrEqualTo(9);
  }

  @Test
  void everyRegionOfTheExampleIsShownInTheGuide() throws IOException {
    String guide = read(GUIDE);
    Path module = REPOSITORY.resolve("examples/projects");
    try (Stream<Path> files = Files.walk(module)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(
                  f -> !f.toString().contains("/target/") && !f.toString().contains("/src/test/"))
              .toList()) {
        for (String region : regions(read(file)).keySet()) {
          assertThat(guide)
              .as("region " + region + " of " + module.relativize(file))
              .contains("<!-- snippet: " + REPOSITORY.relativize(file) + "#" + region + " -->");
        }
      }
    }
  }

  @Test
  void aChangedSnippetIsNoticed() {
    String file = "a\n  // getting-started: x\n  int one = 1;\n  // getting-started: end\n";
    assertThat(regions(file)).containsEntry("x", "int one = 1;");
    assertThat(regions(file.replace("1;", "2;"))).doesNotContainEntry("x", "int one = 1;");
  }
}
