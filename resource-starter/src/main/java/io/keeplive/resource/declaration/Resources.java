package io.keeplive.resource.declaration;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All declared resources of this service, by name. Built once at startup; checks what a single
 * declaration cannot: references point at declared resources and parent conditions name the
 * parent's attributes.
 */
public final class Resources {

  private final Map<String, ResourceDeclaration> byName = new LinkedHashMap<>();

  public Resources(List<ResourceDeclaration> declarations) {
    for (ResourceDeclaration declaration : declarations) {
      if (byName.put(declaration.name(), declaration) != null) {
        throw new IllegalArgumentException("resource " + declaration.name() + " declared twice");
      }
    }
    for (ResourceDeclaration declaration : declarations) {
      declaration
          .references()
          .forEach(
              (attribute, target) -> {
                if (!byName.containsKey(target)) {
                  throw new IllegalArgumentException(
                      declaration.name() + "." + attribute + " references unknown " + target);
                }
              });
      declaration.readPolicy().grants().forEach(g -> checkParents(declaration, g.condition()));
    }
  }

  public Optional<ResourceDeclaration> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<ResourceDeclaration> all() {
    return byName.values();
  }

  /** The resource a reference attribute of {@code declaration} points at. */
  public ResourceDeclaration parentOf(ResourceDeclaration declaration, String reference) {
    return byName.get(declaration.references().get(reference));
  }

  private void checkParents(ResourceDeclaration declaration, Condition condition) {
    if (condition instanceof Condition.Parent parent) {
      ResourceDeclaration target = parentOf(declaration, parent.reference());
      DeclarationCheck.check(
          new ResourceDeclaration(
              target.name(),
              target.table(),
              target.attributes(),
              target.references(),
              target.nestedUnder(),
              target.exposeList(),
              Policy.everyone(parent.condition()),
              List.of(),
              List.of(),
              List.of()));
      checkParents(target, parent.condition());
    } else if (condition instanceof Condition.AllOf all) {
      all.conditions().forEach(c -> checkParents(declaration, c));
    } else if (condition instanceof Condition.AnyOf any) {
      any.conditions().forEach(c -> checkParents(declaration, c));
    }
  }
}
