package io.keeplive.deploy.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression reads. Not a full parser: it removes what is not a
 * metric name (string literals, label matchers, range and subquery selectors, grouping clauses,
 * Grafana variables, numbers and durations), then every remaining identifier that is neither a
 * function call nor a PromQL keyword is a metric name. Grafana's {@code label_values(metric,
 * label)} is understood as well.
 */
public final class PromQl {

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "atan2",
          "inf",
          "nan");

  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_:]*}?");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*(?:\\{[^}]*})?\\s*,");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?");

  private PromQl() {}

  public static Set<String> metricNames(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(expression);
    if (labelValues.find()) {
      names.add(labelValues.group(1));
      return names;
    }
    String text = STRING.matcher(expression).replaceAll(" ");
    text = VARIABLE.matcher(text).replaceAll(" ");
    text = MATCHERS.matcher(text).replaceAll(" ");
    text = RANGE.matcher(text).replaceAll(" ");
    text = GROUPING.matcher(text).replaceAll(" ");
    Matcher identifier = IDENTIFIER.matcher(text);
    while (identifier.find()) {
      String name = identifier.group(1);
      boolean call = identifier.group(2) != null;
      if (!call && !KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
