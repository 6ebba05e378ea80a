package io.keeplive.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Types are imported, not spelled out inline: a fully qualified name in code (outside imports,
 * comments and strings) hides a dependency from the import list that readers and the architecture
 * rules look at. Two classes of one simple name in one file is the one reason to qualify, and then
 * the file says so in {@link #KEPT}.
 */
class QualifiedNamesTest {

  /** A lower-case package path of two or more segments followed by a type name. */
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.@])((?:java|javax|jakarta|org|io|tools|reactor|com)(?:\\.[a-z]\\w*)+)\\.[A-Z]\\w*");

  /** Files allowed to qualify a name, with the name: only where two types share a simple name. */
  private static final List<String> KEPT = List.of();

  @Test
  void mainCodeImportsTheTypesItUses() {
    List<String> found = new ArrayList<>();
    for (Path file : SourceSizeTest.mainSources()) {
      found.addAll(qualifiedNames(file));
    }
    assertThat(found).as("fully qualified type names in main code").isEmpty();
  }

  @Test
  void theCheckFindsAnInlineNameButNotImportsCommentsOrStrings() {
    String source =
        """
        package a.b;
        import java.util.List;
        /** See {@link java.util.Map}. */
        class A {
          // java.util.Set is mentioned here
          String s = "java.util.Deque";
          java.util.Optional<String> o;
        }
        """;
    assertThat(qualifiedNames("A.java", source)).containsExactly("A.java:7: java.util.Optional");
  }

  private static List<String> qualifiedNames(Path file) {
    String name = SourceSizeTest.REPOSITORY.relativize(file).toString();
    return qualifiedNames(name, String.join("\n", SourceSizeTest.lines(file)));
  }

  private static List<String> qualifiedNames(String name, String source) {
    List<String> found = new ArrayList<>();
    String[] lines = SourceSizeTest.blankCommentsAndLiterals(source).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("import ") || line.startsWith("package ")) {
        continue;
      }
      Matcher matcher = QUALIFIED.matcher(line);
      while (matcher.find()) {
        String hit = name + ":" + (i + 1) + ": " + matcher.group();
        if (KEPT.stream().noneMatch(hit::startsWith)) {
          found.add(hit);
        }
      }
    }
    return found;
  }
}
