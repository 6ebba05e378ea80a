package io.keeplive.resource.conversations;

import static io.keeplive.resource.declaration.Condition.containsActor;
import static io.keeplive.resource.declaration.Condition.equal;
import static io.keeplive.resource.declaration.Condition.isActor;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.Action;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.Condition;
import io.keeplive.resource.declaration.Policy;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Term;
import org.springframework.http.HttpMethod;

/**
 * The {@code conversations} and {@code messages} resources of SPEC §2. Membership is data (the
 * {@code members} set), so adding or removing a member is an ordinary update whose old-and-new
 * topics reach the member and every live view of the conversation's messages.
 */
public final class Conversations {

  public static final String CONVERSATIONS = "conversations";
  public static final String MESSAGES = "messages";

  /** Most members a conversation can have. */
  public static final int MAX_MEMBERS = 1000;

  static final Attribute MEMBER = Attribute.userId("user_id");
  static final Attribute BODY = Attribute.text("body", 1, 4000);

  private Conversations() {}

  public static ResourceDeclaration conversations() {
    return ResourceDeclaration.named(CONVERSATIONS)
        .attribute(Attribute.text("title", 1, 200))
        .attribute(
            Attribute.userIdSet("members", MAX_MEMBERS)
                .from(Attribute.Source.INPUT_WITH_ACTOR)
                .inputName("member_ids"))
        .readableBy(Policy.everyone(containsActor("members")))
        .action(Action.create(Policy.everyone(Condition.always())))
        // Members may add members (only members can see the conversation at all).
        .action(
            Action.custom("add_member", HttpMethod.POST, "members")
                .body("user_id", MEMBER)
                .adds("members", Term.argument("user_id"))
                .allow(Policy.everyone(containsActor("members"))))
        // An admin may remove anyone, everybody else only themselves.
        .action(
            Action.custom("remove_member", HttpMethod.DELETE, "members/{user_id}")
                .pathVariable("user_id", MEMBER)
                .removes("members", Term.argument("user_id"))
                .allow(
                    Policy.builder()
                        .role(Identity.ADMIN)
                        .build()
                        .orEveryone(equal(Term.argument("user_id"), Term.actor()))))
        .publishes("user:{members}:conversations", "conversation:{_pkey}:messages")
        .build();
  }

  public static ResourceDeclaration messages() {
    return ResourceDeclaration.named(MESSAGES)
        .reference(
            Attribute.uuid("conversation_id").from(Attribute.Source.PARENT).allowFilter(),
            CONVERSATIONS)
        .attribute(Attribute.userId("author_id").fromActor())
        .attribute(BODY)
        .nestedUnder("conversation_id")
        .sortedBy("created_at")
        .readableBy(Policy.everyone(Condition.parent("conversation_id", containsActor("members"))))
        // Members only: the create is nested under the conversation, which must be visible.
        .action(Action.create(Policy.everyone(Condition.always())))
        .action(Action.update(Policy.everyone(isActor("author_id")), BODY))
        .action(
            Action.destroy(
                Policy.builder().role(Identity.ADMIN).build().orEveryone(isActor("author_id"))))
        // message:{_pkey} lets a record subscription listen on the message itself whether or not
        // its
        // user can read it yet: its topics never depend on the record, and once access is granted
        // (user:<actor>:conversations) later edits still reach it.
        .publishes("conversation:{conversation_id}:messages", "message:{_pkey}")
        .build();
  }
}
