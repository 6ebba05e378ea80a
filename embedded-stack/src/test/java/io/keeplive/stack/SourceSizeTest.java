package io.keeplive.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's size bounds, measured on every build: no main source file over 350 lines and no method
 * (or constructor) over 60 lines, in every module. A method's length runs from the line of its
 * opening brace to the line of its closing brace, so a long parameter list does not count.
 *
 * <p>The measurement is a brace count over the source with comments, strings and character literals
 * blanked out, not a full Java parser: a block is a method when it follows a parameter list and
 * sits directly in a type body.
 */
class SourceSizeTest {

  static final int MAX_FILE_LINES = 350;
  static final int MAX_METHOD_LINES = 60;

  /**
   * Files allowed over {@link #MAX_FILE_LINES}, with their size now (growing past it fails too),
   * and why they stay whole.
   */
  private static final Map<String, Integer> LONG_FILES_KEPT = Map.of();

  /** Methods allowed over {@link #MAX_METHOD_LINES}, as {@code file#name}, and why. */
  private static final Map<String, Integer> LONG_METHODS_KEPT = Map.of();

  static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  private static final Pattern TYPE_HEADER =
      Pattern.compile("(^|[\\s}])(class|interface|enum|record)\\s+\\w+[^=]*$|\\bnew\\b[^;=]*\\)$");
  private static final Pattern METHOD_HEADER =
      Pattern.compile("(\\w+)\\s*\\((?:[^()]|\\([^()]*\\))*\\)\\s*(throws\\s+[\\w.,\\s]+)?$");
  private static final Pattern CONTROL =
      Pattern.compile("^(if|else|for|while|do|switch|catch|try|synchronized|return|new)\\b");

  @Test
  void noMainSourceFileIsLongerThanTheBound() {
    List<String> tooLong = new ArrayList<>();
    for (Path file : mainSources()) {
      int lines = lines(file).size();
      String name = REPOSITORY.relativize(file).toString();
      if (lines > LONG_FILES_KEPT.getOrDefault(name, MAX_FILE_LINES)) {
        tooLong.add(name + ": " + lines + " lines");
      }
    }
    assertThat(tooLong).as("main source files over " + MAX_FILE_LINES + " lines").isEmpty();
  }

  @Test
  void noMethodIsLongerThanTheBound() {
    List<String> tooLong = new ArrayList<>();
    for (Path file : mainSources()) {
      String name = REPOSITORY.relativize(file).toString();
      for (Method method : methods(String.join("\n", lines(file)))) {
        String key = name + "#" + method.name();
        if (method.lines() > LONG_METHODS_KEPT.getOrDefault(key, MAX_METHOD_LINES)) {
          tooLong.add(key + " (line " + method.line() + "): " + method.lines() + " lines");
        }
      }
    }
    assertThat(tooLong).as("methods over " + MAX_METHOD_LINES + " lines").isEmpty();
  }

  @Test
  void theMeasurementFindsMethodsButNotLambdasOrBlocks() {
    String source =
        """
        class A {
          void run(int x) throws Exception {
            if (x > 0) {
              Runnable r = () -> {
                x();
              };
            }
          }
          record R(String s) {
            R {
              s.length();
            }
            String s() { return "{ ( \\" ) {"; }
          }
          Object o = new Object() {
            @Override
            public String toString() {
              return "}";
            }
          };
        }
        """;

    assertThat(methods(source))
        .containsExactly(
            new Method("run", 2, 7), new Method("s", 13, 1), new Method("toString", 17, 3));
  }

  record Method(String name, int line, int lines) {}

  /** The methods of one source file, in order of their closing braces. */
  static List<Method> methods(String source) {
    String code = blankCommentsAndLiterals(source);
    List<Method> methods = new ArrayList<>();
    // Per open block: is it a type body, and, for a method, its name and first line.
    Deque<Object[]> blocks = new ArrayDeque<>();
    StringBuilder header = new StringBuilder();
    int line = 1;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '\n') {
        line++;
      }
      if (c == '{') {
        String text = header.toString().strip().replaceAll("\\s+", " ");
        boolean inType = blocks.isEmpty() || (boolean) blocks.peek()[0];
        var method = METHOD_HEADER.matcher(text);
        boolean type = TYPE_HEADER.matcher(text).find();
        if (!type && inType && method.find() && !CONTROL.matcher(method.group(1)).find()) {
          blocks.push(new Object[] {false, method.group(1), line});
        } else {
          blocks.push(new Object[] {type, null, 0});
        }
        header.setLength(0);
      } else if (c == '}') {
        Object[] block = blocks.pop();
        if (block[1] != null) {
          int first = (int) block[2];
          methods.add(new Method((String) block[1], first, line - first + 1));
        }
        header.setLength(0);
      } else if (c == ';') {
        header.setLength(0);
      } else {
        header.append(c);
      }
    }
    return methods;
  }

  /**
   * The source with comments, string, text block and character literals replaced by spaces (line
   * breaks kept), so that braces and parentheses in them do not count.
   */
  static String blankCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2) + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = closing(source, i + 3, "\"\"\"");
      } else if (source.charAt(i) == '"') {
        end = closing(source, i + 1, "\"");
      } else if (source.charAt(i) == '\'') {
        end = closing(source, i + 1, "'");
      } else {
        out.append(source.charAt(i++));
        continue;
      }
      for (int k = i; k < end; k++) {
        out.append(source.charAt(k) == '\n' ? '\n' : ' ');
      }
      i = end;
    }
    return out.toString();
  }

  /** The index just after the unescaped {@code quote} that closes a literal opened before from. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (!source.startsWith(quote, i)) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + quote.length();
  }

  static List<Path> mainSources() {
    try (Stream<Path> modules = Modules.list(REPOSITORY)) {
      List<Path> sources = new ArrayList<>();
      for (Path module : modules.sorted().toList()) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
          }
        }
      }
      assertThat(sources).as("main sources under " + REPOSITORY).isNotEmpty();
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
