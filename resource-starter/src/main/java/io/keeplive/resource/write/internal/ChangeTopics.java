package io.keeplive.resource.write.internal;

import io.keeplive.resource.declaration.Publication;
import io.keeplive.resource.declaration.ResourceDeclaration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topics a change publishes to: every publication expanded for the old and the new row, so a
 * change of {@code assignee_id} from a to b reaches {@code tickets:user:a} and {@code
 * tickets:user:b}, and removing a member reaches that member.
 */
public final class ChangeTopics {

  private ChangeTopics() {}

  /** {@code before} is null for creates, {@code after} is null for destroys. */
  public static List<String> of(
      ResourceDeclaration resource, Map<String, Object> before, Map<String, Object> after) {
    Set<String> topics = new LinkedHashSet<>();
    for (Publication publication : resource.publications()) {
      for (Map<String, Object> row : rows(before, after)) {
        topics.addAll(publication.expandAll(values(publication, row)));
      }
    }
    return List.copyOf(topics);
  }

  private static List<Map<String, Object>> rows(
      Map<String, Object> before, Map<String, Object> after) {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (before != null) {
      rows.add(before);
    }
    if (after != null) {
      rows.add(after);
    }
    return rows;
  }

  private static List<?> values(Publication publication, Map<String, Object> row) {
    if (publication.variable().isEmpty()) {
      return List.of("");
    }
    String variable = publication.variable().get();
    Object value =
        switch (variable) {
          case Publication.PKEY -> row.get(ResourceDeclaration.ID);
          case Publication.TENANT -> row.get(ResourceDeclaration.TENANT);
          default -> row.get(variable);
        };
    if (value instanceof Collection<?> elements) {
      return new ArrayList<>(elements);
    }
    List<Object> single = new ArrayList<>();
    single.add(value);
    return single;
  }
}
