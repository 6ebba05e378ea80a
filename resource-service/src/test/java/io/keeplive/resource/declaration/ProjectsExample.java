package io.keeplive.resource.declaration;

import static io.keeplive.resource.declaration.Condition.isActor;

import io.keeplive.contracts.identity.Identity;
import org.springframework.context.annotation.Bean;

/**
 * The {@code projects} declaration of docs/adding-a-resource.md, verbatim. Added as a source of a
 * separate service instance by {@link AddingAResourceTest} (deliberately not a scanned
 * {@code @Configuration}).
 */
class ProjectsExample {

  static final Attribute NAME = Attribute.text("name", 1, 100).allowSort();
  static final Attribute STATE =
      Attribute.enumeration("state", "active", "archived")
          .defaultValue("active")
          .filterableAndSortable();
  static final Attribute OWNER = Attribute.userId("owner_id").fromActor().filterableAndSortable();

  @Bean
  ResourceDeclaration projectsDeclaration() {
    Policy ownerOrAdmin =
        Policy.builder().role(Identity.ADMIN).role(Identity.AGENT, isActor("owner_id")).build();
    return ResourceDeclaration.named("projects")
        .attribute(NAME)
        .attribute(STATE)
        .attribute(OWNER)
        .readableBy(ownerOrAdmin)
        .action(Action.create(Policy.builder().role(Identity.ADMIN).role(Identity.AGENT).build()))
        .action(Action.update(ownerOrAdmin, NAME, STATE))
        .action(Action.destroy(Policy.builder().role(Identity.ADMIN).build()))
        .sortedBy("name")
        .publishes("projects", "project:{_pkey}", "projects:owner:{owner_id}")
        .build();
  }
}
