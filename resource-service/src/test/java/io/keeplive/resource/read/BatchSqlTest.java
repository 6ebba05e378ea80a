package io.keeplive.resource.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.conversations.Conversations;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.policy.PolicySql;
import io.keeplive.resource.store.Sql;
import io.keeplive.resource.tickets.Tickets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The batch statement's text, pinned: it is what PostgreSQL plans for every refetch, and the
 * prepared-statement caches key on it. A change shows up here as a diff to review; a missing
 * snapshot is written (under src/test/resources/snapshots) and the test fails once.
 */
class BatchSqlTest {

  private static final Path SNAPSHOTS = Path.of("src/test/resources/snapshots");

  private final Resources resources =
      new Resources(
          List.of(Tickets.declaration(), Conversations.conversations(), Conversations.messages()));
  private final PolicySql policies = new PolicySql(resources);

  private static final List<Identity> ACTORS =
      List.of(actor("ada", "admin"), actor("bob", "agent"), actor("vic", "viewer"));

  private static Identity actor(String user, String role) {
    return new Identity(user, "acme", List.of(role), Instant.EPOCH, "token-" + user);
  }

  private static final ListQuery OPEN_BY_UPDATE =
      new ListQuery(
          List.of(new ListQuery.Filter("status", List.of("open", "in_progress"))),
          List.of(new ListQuery.SortKey("updated_at", true)),
          10);

  private Sql build(String resource, ListQuery query, Reads.Relevance relevance) {
    ResourceDeclaration declaration = resources.find(resource).orElseThrow();
    return Reads.batchStatement(policies, declaration, ACTORS, query, relevance);
  }

  private static void matchesSnapshot(String name, Sql sql) throws IOException {
    Path file = SNAPSHOTS.resolve(name + ".sql");
    String text = sql.text() + "\n-- parameters: " + sql.parameterCount() + "\n";
    if (!Files.exists(file)) {
      Files.createDirectories(SNAPSHOTS);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      fail("snapshot %s written; review it and run again", file);
    }
    assertThat(text).as("snapshot %s", file).isEqualTo(Files.readString(file));
  }

  @Test
  void aBatchReadInFullIsOneLateralStatementOverTheActorArrays() throws IOException {
    matchesSnapshot("batch-tickets-full", build("tickets", OPEN_BY_UPDATE, Reads.Relevance.ALL));
  }

  @Test
  void aBatchWithAChangedIdsHintReadsOnlyRecheckedActorsInFull() throws IOException {
    Reads.Relevance hint =
        new Reads.Relevance(
            List.of(UUID.fromString("00000000-0000-0000-0000-000000000001")),
            List.of(true, false, false));

    matchesSnapshot("batch-tickets-merging", build("tickets", OPEN_BY_UPDATE, hint));
  }

  @Test
  void aParentPolicyIgnoresTheHintAndReadsEveryoneInFull() throws IOException {
    ListQuery ofConversation =
        new ListQuery(
            List.of(
                new ListQuery.Filter(
                    "conversation_id",
                    List.of(UUID.fromString("00000000-0000-0000-0000-00000000000c")))),
            List.of(new ListQuery.SortKey("created_at", false)),
            50);
    Reads.Relevance hint =
        new Reads.Relevance(
            List.of(UUID.fromString("00000000-0000-0000-0000-000000000001")),
            List.of(false, false, false));

    matchesSnapshot("batch-messages", build("messages", ofConversation, hint));
  }

  @Test
  void aWindowReadsOneRowPastItsEndWithTheKeysetPredicateKeyByKey() throws IOException {
    UUID id = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    ListQuery window =
        new ListQuery(
            List.of(),
            List.of(
                new ListQuery.SortKey("assignee_id", true),
                new ListQuery.SortKey("updated_at", false)),
            10,
            new ListQuery.Window(
                new ListQuery.Position(List.of("carol", at), id, "after"),
                new ListQuery.Position(java.util.Arrays.asList(null, at), id, "until")));

    matchesSnapshot("batch-tickets-window", build("tickets", window, Reads.Relevance.ALL));
  }

  @Test
  void theTextDependsOnTheQueryShapeNotOnTheActors() {
    ResourceDeclaration tickets = resources.find("tickets").orElseThrow();
    String three =
        Reads.batchStatement(policies, tickets, ACTORS, OPEN_BY_UPDATE, Reads.Relevance.ALL).text();
    String one =
        Reads.batchStatement(
                policies, tickets, ACTORS.subList(0, 1), OPEN_BY_UPDATE, Reads.Relevance.ALL)
            .text();

    assertThat(one).isEqualTo(three);
  }
}
