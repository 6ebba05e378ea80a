package io.keeplive.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The allowed dependencies between the feature packages of a service, read from the one place they
 * are written: the "Depends on" sentence of each feature's {@code package-info.java}. A feature may
 * use the sibling features that sentence names (as {@code {@code name}} or as a plain word);
 * anything outside the service (shared-contracts, Spring, libraries) is not governed here.
 *
 * <p>So a note that drifts from the code fails {@code ArchitectureTest}, and changing what a
 * feature may use means changing its note.
 */
record PackageNotes(
    String servicePackage, Map<String, Set<String>> allowed, Set<String> undeclared) {

  private static final Pattern DEPENDS_ON =
      Pattern.compile("Depends (?:only )?on(.*?)(?:\\.\\s|\\.$|;)", Pattern.DOTALL);
  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  /**
   * Notes of the features under {@code sourceRoot/<servicePackage as path>}, for each source root
   * (a package tree may span modules: the resource starter and the application on it).
   */
  static PackageNotes read(String servicePackage, Path... sourceRoots) {
    Map<String, Path> features = new TreeMap<>();
    for (Path sourceRoot : sourceRoots) {
      Path service = sourceRoot.resolve(servicePackage.replace('.', '/'));
      try (Stream<Path> children = Files.list(service)) {
        children
            .filter(Files::isDirectory)
            .forEach(path -> features.put(path.getFileName().toString(), path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<String, Set<String>> allowed = new TreeMap<>();
    Set<String> undeclared = new TreeSet<>();
    for (String feature : features.keySet()) {
      Path note = features.get(feature).resolve("package-info.java");
      if (!Files.exists(note)) {
        throw new IllegalStateException(note + " is missing: every feature says what it uses");
      }
      String text = read(note);
      if (DEPENDS_ON.matcher(text).find()) {
        allowed.put(feature, namedFeatures(text, features.keySet(), note));
      } else {
        undeclared.add(feature);
      }
    }
    return new PackageNotes(servicePackage, allowed, undeclared);
  }

  private static Set<String> namedFeatures(String note, Set<String> features, Path file) {
    Matcher sentence = DEPENDS_ON.matcher(note);
    if (!sentence.find()) {
      throw new IllegalStateException(file + " has no \"Depends on\" sentence");
    }
    Set<String> named = new TreeSet<>();
    Matcher word = WORD.matcher(sentence.group(1));
    while (word.find()) {
      if (features.contains(word.group())) {
        named.add(word.group());
      }
    }
    return named;
  }

  @Override
  public String toString() {
    return servicePackage;
  }

  /** The comment text of a package-info, without the comment markers. */
  private static String read(Path note) {
    try {
      return Files.readAllLines(note).stream()
          .map(line -> line.replaceFirst("^\\s*/?\\*+/?\\s?", ""))
          .collect(Collectors.joining(" "));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
