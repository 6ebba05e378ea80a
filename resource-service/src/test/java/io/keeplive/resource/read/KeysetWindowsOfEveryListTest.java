package io.keeplive.resource.read;

import static io.keeplive.resource.read.KeysetWindowPropertyTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SPEC §4.2 for every list resource of the service, not only tickets ({@link
 * KeysetWindowPropertyTest} mutates a ticket list between page reads): for each sortable key in
 * both directions (and one two-key sort), pages of three rows read with the cursor of the last row
 * of the page before hold the whole list, in order, each row once, with the right {@code has_more}.
 * Rows share few timestamps, so most pages end inside a run of ties that only the id breaks.
 */
class KeysetWindowsOfEveryListTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final int ROWS = 13;
  private static final int PAGE = 3;

  /** The list resources this test fills; tickets are {@link KeysetWindowPropertyTest}'s. */
  private static final Set<String> COVERED = Set.of("conversations", "messages", "tickets");

  private static Resources resources() {
    return RunningService.shared().context().getBean(Resources.class);
  }

  private static Reads reads() {
    return RunningService.shared().context().getBean(Reads.class);
  }

  @Test
  void everyListResourceOfTheServiceIsCoveredByAWindowTest() {
    // Every resource can be subscribed to as a list (nested ones under their parent's filter).
    assertThat(resources().all())
        .extracting(ResourceDeclaration::name)
        .containsExactlyInAnyOrderElementsOf(COVERED);
  }

  static Stream<Arguments> sorts() {
    List<Arguments> sorts = new ArrayList<>();
    for (String resource : List.of("conversations", "messages")) {
      for (String key : sortableKeys(resources().find(resource).orElseThrow())) {
        sorts.add(Arguments.of(resource, List.of(key)));
        sorts.add(Arguments.of(resource, List.of("-" + key)));
      }
      sorts.add(Arguments.of(resource, List.of("-updated_at", "created_at")));
    }
    return sorts.stream();
  }

  @ParameterizedTest(name = "{0} sorted by {1}")
  @MethodSource("sorts")
  void pagesReadWithCursorsHoldTheWholeListInOrderEachRowOnce(String resource, List<String> sort)
      throws SQLException {
    ResourceDeclaration declaration = resources().find(resource).orElseThrow();
    String tenant = "windows-" + UUID.randomUUID();
    UUID conversation = fill(resource, tenant, new Random(sort.hashCode()));
    Identity member = new Identity("u1", tenant, List.of("agent"), Instant.MAX, "t");

    List<UUID> full =
        ids(
            reads()
                .list(declaration, member, query(declaration, conversation, sort, 500, null))
                .collectList()
                .block());
    List<UUID> paged = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages <= ROWS; pages++) {
      ListQuery query = query(declaration, conversation, sort, PAGE, after);
      Reads.Batch batch = reads().listForEach(declaration, List.of(member), query).block();
      List<Map<String, Object>> rows = batch.rowsOf(0);
      paged.addAll(ids(rows));
      assertThat(batch.hasMore().get(0))
          .as("has_more after %d of %d rows", paged.size(), full.size())
          .isEqualTo(paged.size() < full.size());
      if (!batch.hasMore().get(0)) {
        break;
      }
      after = Cursors.of(declaration, query, rows.get(rows.size() - 1));
    }

    assertThat(full).hasSize(ROWS);
    assertThat(paged).as("the pages, one after the other").isEqualTo(full);
  }

  /** Sortable attributes, the id and the two timestamps every resource has. */
  private static Set<String> sortableKeys(ResourceDeclaration declaration) {
    Set<String> keys = new LinkedHashSet<>();
    declaration.attributes().stream()
        .filter(Attribute::sortable)
        .map(Attribute::name)
        .forEach(keys::add);
    keys.addAll(List.of(ResourceDeclaration.ID, "created_at", "updated_at"));
    return keys;
  }

  /**
   * A conversation of {@code u1} and, for {@code conversations}, twelve more of them; for {@code
   * messages}, thirteen messages in the first. Timestamps from three values, so ties abound.
   */
  private static UUID fill(String resource, String tenant, Random random) throws SQLException {
    UUID conversation = UUID.randomUUID();
    insertConversation(tenant, conversation, random);
    for (int i = 1; i < ROWS && resource.equals("conversations"); i++) {
      insertConversation(tenant, UUID.randomUUID(), random);
    }
    for (int i = 0; i < ROWS && resource.equals("messages"); i++) {
      execute(
          "INSERT INTO messages (tenant_id, id, conversation_id, author_id, body, version,"
              + " created_at, updated_at) VALUES (?, ?, ?, 'u1', ?, 1, ?, ?)",
          tenant,
          UUID.randomUUID(),
          conversation,
          "m" + i,
          tie(random),
          tie(random));
    }
    return conversation;
  }

  private static void insertConversation(String tenant, UUID id, Random random)
      throws SQLException {
    execute(
        "INSERT INTO conversations (tenant_id, id, title, members, version, created_at,"
            + " updated_at) VALUES (?, ?, 'c', ARRAY['u1', 'u2'], 1, ?, ?)",
        tenant,
        id,
        tie(random),
        tie(random));
  }

  private static Object tie(Random random) {
    return EPOCH.plusSeconds(random.nextInt(3)).atOffset(ZoneOffset.UTC);
  }

  private static ListQuery query(
      ResourceDeclaration declaration,
      UUID conversation,
      List<String> sort,
      int limit,
      String after) {
    ArrayNode keys = JSON.createArrayNode();
    sort.forEach(keys::add);
    ObjectNode filter = null;
    if (declaration.name().equals("messages")) {
      filter = JSON.createObjectNode().put("conversation_id", conversation.toString());
    }
    return QueryParser.fromJson(
        declaration,
        filter,
        keys,
        JSON.getNodeFactory().numberNode(limit),
        after == null ? null : JSON.getNodeFactory().stringNode(after),
        null);
  }

  private static List<UUID> ids(List<Map<String, Object>> rows) {
    return rows.stream().map(row -> (UUID) row.get(ResourceDeclaration.ID)).toList();
  }
}
