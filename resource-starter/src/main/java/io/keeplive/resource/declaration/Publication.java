package io.keeplive.resource.declaration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic template such as {@code tickets:user:{assignee_id}}. Placeholders name attributes, {@code
 * _pkey} (the record id) or {@code _tenant}. On every write a template is expanded for the old and
 * the new row; a null attribute yields no topic, a set attribute yields one topic per element.
 *
 * @param template the template text
 * @param variable the single placeholder, if any (templates have at most one)
 */
public record Publication(String template, Optional<String> variable) {

  public static final String PKEY = "_pkey";
  public static final String TENANT = "_tenant";

  public Publication {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(variable, "variable");
  }

  public static Publication of(String template) {
    int open = template.indexOf('{');
    if (open < 0) {
      return new Publication(template, Optional.empty());
    }
    int close = template.indexOf('}', open);
    if (close < 0 || template.indexOf('{', open + 1) >= 0) {
      throw new IllegalArgumentException(
          "topic template needs at most one {placeholder}: " + template);
    }
    return new Publication(template, Optional.of(template.substring(open + 1, close)));
  }

  /** The topic for one value of the placeholder. */
  public String expand(String value) {
    return variable.map(v -> template.replace("{" + v + "}", value)).orElse(template);
  }

  /** The topics for the given placeholder values (nulls skipped). */
  public List<String> expandAll(List<?> values) {
    List<String> topics = new ArrayList<>();
    for (Object value : values) {
      if (value != null) {
        topics.add(expand(value.toString()));
      }
    }
    return topics;
  }
}
