package io.keeplive.deploy.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown guide that are marked for testing: {@code ```sh doc-test} or
 * {@code ```sql doc-test=<name>}, possibly indented inside a list item.
 */
record GuideBlocks(List<Block> blocks) {

  /** One block: its language, optional name, text (indentation removed) and first line. */
  record Block(String language, String name, String text, int line) {}

  private static final Pattern OPENING =
      Pattern.compile("^( *)```([a-z]+) doc-test(?:=([A-Za-z0-9_-]+))?\\s*$");

  static GuideBlocks parse(String markdown) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher opening = OPENING.matcher(lines[i]);
      if (!opening.matches()) {
        continue;
      }
      String indent = opening.group(1);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      for (; j < lines.length && !lines[j].equals(indent + "```"); j++) {
        String line = lines[j];
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
      }
      if (j == lines.length) {
        throw new AssertionError("unclosed doc-test block at line " + (i + 1));
      }
      blocks.add(new Block(opening.group(2), opening.group(3), text.toString(), i + 1));
      i = j;
    }
    return new GuideBlocks(List.copyOf(blocks));
  }

  List<Block> ofLanguage(String language) {
    return blocks.stream().filter(b -> b.language().equals(language)).toList();
  }

  Block named(String name) {
    return blocks.stream()
        .filter(b -> name.equals(b.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no doc-test block named " + name));
  }
}
