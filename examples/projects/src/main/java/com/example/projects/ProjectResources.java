package com.example.projects;

import static io.keeplive.resource.declaration.Condition.isActor;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.ResourceDeclaration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two resources of this application, each declared once. */
@Configuration(proxyBeanMethods = false)
public class ProjectResources {

  // getting-started: projects
  /** Projects: admins see all of their tenant's; an agent sees the ones it owns. */
  @Bean
  ResourceDeclaration projects() {
    Attribute name = Attribute.text("name", 1, 100).allowSort();
    Attribute state =
        Attribute.enumeration("state", "active", "archived")
            .defaultValue("active")
            .filterableAndSortable();
    Policy ownerOrAdmin =
        Policy.builder().role(Identity.ADMIN).role(Identity.AGENT, isActor("owner_id")).build();
    return ResourceDeclaration.named("projects")
        .attribute(name)
        .attribute(state)
        .attribute(Attribute.userId("owner_id").fromActor().filterableAndSortable())
        .readableBy(ownerOrAdmin)
        .action(Action.create(Policy.builder().role(Identity.ADMIN).role(Identity.AGENT).build()))
        .action(Action.update(ownerOrAdmin, name, state))
        .action(Action.destroy(Policy.builder().role(Identity.ADMIN).build()))
        .sortedBy("name")
        .publishes("projects", "project:{_pkey}", "projects:owner:{owner_id}")
        .build();
  }

  // getting-started: end

  // getting-started: tasks
  /**
   * Tasks: admins see all of their tenant's; an agent sees the tasks assigned to it, so reassigning
   * a task takes it out of the previous assignee's live lists.
   */
  @Bean
  ResourceDeclaration tasks() {
    Attribute title = Attribute.text("title", 1, 200);
    Attribute state =
        Attribute.enumeration("state", "todo", "doing", "done")
            .defaultValue("todo")
            .filterableAndSortable();
    Attribute assignee = Attribute.userId("assignee_id").optional().filterableAndSortable();
    Policy assigneeOrAdmin =
        Policy.builder().role(Identity.ADMIN).role(Identity.AGENT, isActor("assignee_id")).build();
    return ResourceDeclaration.named("tasks")
        .attribute(title)
        .attribute(state)
        .attribute(Attribute.uuid("project_id").filterableAndSortable())
        .attribute(assignee)
        .filterableTimestamps()
        .readableBy(assigneeOrAdmin)
        .action(Action.create(Policy.builder().role(Identity.ADMIN).role(Identity.AGENT).build()))
        .action(Action.update(assigneeOrAdmin, title, state, assignee))
        .action(Action.destroy(Policy.builder().role(Identity.ADMIN).build()))
        .publishes("tasks", "task:{_pkey}", "tasks:assignee:{assignee_id}")
        .build();
  }
  // getting-started: end
}
