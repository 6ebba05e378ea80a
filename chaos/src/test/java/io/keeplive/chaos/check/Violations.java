package io.keeplive.chaos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every property violation the checker found, by property, with the first examples of each. */
public final class Violations {

  private static final int EXAMPLES = 5;

  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<String, List<String>> examples = new TreeMap<>();

  public synchronized void add(String property, String detail) {
    counts.merge(property, 1, Integer::sum);
    List<String> list = examples.computeIfAbsent(property, p -> new ArrayList<>());
    if (list.size() < EXAMPLES) {
      list.add(detail);
    }
  }

  public synchronized int count(String property) {
    return counts.getOrDefault(property, 0);
  }

  public synchronized boolean isEmpty() {
    return counts.isEmpty();
  }

  public synchronized Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }

  @Override
  public synchronized String toString() {
    if (counts.isEmpty()) {
      return "no violations";
    }
    StringBuilder out = new StringBuilder();
    counts.forEach(
        (property, count) -> {
          out.append(property).append(": ").append(count).append('\n');
          examples.get(property).forEach(e -> out.append("    ").append(e).append('\n'));
        });
    return out.toString();
  }
}
