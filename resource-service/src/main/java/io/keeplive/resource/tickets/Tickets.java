package io.keeplive.resource.tickets;

import static io.keeplive.resource.declaration.Condition.allOf;
import static io.keeplive.resource.declaration.Condition.anyOf;
import static io.keeplive.resource.declaration.Condition.equal;
import static io.keeplive.resource.declaration.Condition.isActor;
import static io.keeplive.resource.declaration.Condition.isNull;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Term;
import org.springframework.http.HttpMethod;

/** The {@code tickets} resource of SPEC §2, declared. */
public final class Tickets {

  public static final String NAME = "tickets";

  static final Attribute TITLE = Attribute.text("title", 1, 200);
  static final Attribute STATUS =
      Attribute.enumeration("status", "open", "in_progress", "closed")
          .defaultValue("open")
          .filterableAndSortable();
  static final Attribute ASSIGNEE =
      Attribute.userId("assignee_id").optional().filterableAndSortable();
  static final Attribute CREATED_BY =
      Attribute.userId("created_by").fromActor().filterableAndSortable();

  /** Update: admin, or an agent who is the assignee or the creator. */
  static final Policy UPDATE =
      Policy.builder()
          .role(Identity.ADMIN)
          .role(Identity.AGENT, anyOf(isActor("assignee_id"), isActor("created_by")))
          .build();

  private Tickets() {}

  public static ResourceDeclaration declaration() {
    return ResourceDeclaration.named(NAME)
        .attribute(TITLE)
        .attribute(STATUS)
        .attribute(ASSIGNEE)
        .attribute(CREATED_BY)
        .filterableTimestamps()
        // admin: every ticket; agent: assigned to them, unassigned, or created by them; viewer:
        // created by them.
        .readableBy(
            Policy.builder()
                .role(Identity.ADMIN)
                .role(
                    Identity.AGENT,
                    anyOf(isActor("assignee_id"), isNull("assignee_id"), isActor("created_by")))
                .role(Identity.VIEWER, isActor("created_by"))
                .build())
        .action(
            Action.create(
                Policy.builder()
                    .role(Identity.ADMIN)
                    .role(Identity.AGENT)
                    .role(Identity.VIEWER)
                    .build()))
        .action(Action.update(UPDATE, TITLE, STATUS))
        .action(
            Action.custom("assign", HttpMethod.POST, "assign")
                .body("assignee_id", ASSIGNEE)
                .sets("assignee_id", Term.argument("assignee_id"))
                // admin, or an agent assigning an unassigned ticket to themselves
                .allow(
                    Policy.builder()
                        .role(Identity.ADMIN)
                        .role(
                            Identity.AGENT,
                            allOf(
                                isNull("assignee_id"),
                                equal(Term.argument("assignee_id"), Term.actor())))
                        .build()))
        .action(Action.destroy(Policy.builder().role(Identity.ADMIN, Condition.always()).build()))
        .action(
            Action.bulk("close", "bulk-close").sets("status", Term.value("closed")).allow(UPDATE))
        .publishes("tickets", "ticket:{_pkey}", "tickets:user:{assignee_id}")
        .build();
  }
}
