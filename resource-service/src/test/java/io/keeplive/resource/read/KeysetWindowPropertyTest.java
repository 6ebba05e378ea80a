package io.keeplive.resource.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * SPEC §4.2 against real PostgreSQL, through the live API's read path (the one-statement batch
 * read, cursors parsed from their text): pages {@code (start, c1], (c1, c2], …, (ck, end)} of a
 * ticket list — random rows with many ties, a random sort of one to three sortable keys in random
 * directions, a random role — while rows are inserted, updated and deleted between page reads:
 *
 * <ul>
 *   <li>every page is a run of the list as it was when read, and its {@code has_more} is whether
 *       rows follow it;
 *   <li>every row that existed and stayed unchanged throughout shows up in exactly one page;
 *   <li>once writes stop, the pinned windows read again hold the whole fresh list, in order, each
 *       row once.
 * </ul>
 */
class KeysetWindowPropertyTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> SORTABLE =
      List.of("status", "assignee_id", "created_by", "created_at", "updated_at", "id");
  private static final List<String> USERS = List.of("u1", "u2", "u3");
  private static final List<String> STATUSES = List.of("open", "in_progress", "closed");

  private static ResourceDeclaration tickets() {
    return RunningService.shared().context().getBean(Resources.class).find("tickets").orElseThrow();
  }

  private static Reads reads() {
    return RunningService.shared().context().getBean(Reads.class);
  }

  @Property(tries = 60)
  void pagesHoldEveryVisibleRowExactlyOnceWhateverChangesBetweenPageReads(@ForAll long seed)
      throws SQLException {
    Random random = new Random(seed);
    String tenant = "keyset-" + UUID.randomUUID();
    Map<UUID, Map<String, Object>> table = new HashMap<>();
    for (int i = 0; i < 5 + random.nextInt(30); i++) {
      insert(tenant, randomRow(random), table);
    }
    List<String> sort = randomSort(random);
    int limit = 1 + random.nextInt(6);
    Identity actor =
        new Identity(
            USERS.get(random.nextInt(3)),
            tenant,
            List.of(List.of("admin", "agent", "viewer").get(random.nextInt(3))),
            Instant.MAX,
            "t");
    Set<UUID> stable = new HashSet<>(table.keySet());
    List<List<UUID>> pages = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more && pages.size() < 200) {
      ListQuery query = query(sort, limit, after, null);
      Reads.Batch batch = reads().listForEach(tickets(), List.of(actor), query).block();
      List<Map<String, Object>> rows = batch.rowsOf(0);
      List<UUID> full = ids(reads().list(tickets(), actor, query(sort, 500, null, null)));
      List<UUID> page = rows.stream().map(r -> (UUID) r.get("id")).toList();
      assertThat(page.size()).as("seed %d: window size", seed).isLessThanOrEqualTo(limit);
      if (!page.isEmpty()) {
        int start = full.indexOf(page.get(0));
        assertThat(full.subList(start, Math.min(full.size(), start + page.size())))
            .as("seed %d: a page is a run of the list", seed)
            .isEqualTo(page);
        assertThat(batch.hasMore().get(0))
            .as("seed %d: has_more", seed)
            .isEqualTo(start + page.size() < full.size());
        after = Cursors.of(tickets(), query, rows.get(rows.size() - 1));
        cursors.add(after);
        pages.add(page);
      }
      more = batch.hasMore().get(0);
      mutate(random, tenant, table, stable);
    }
    List<UUID> seen = pages.stream().flatMap(List::stream).toList();
    List<UUID> visibleStable =
        ids(reads().list(tickets(), actor, query(sort, 500, null, null))).stream()
            .filter(stable::contains)
            .toList();
    for (UUID id : visibleStable) {
      assertThat(seen.stream().filter(id::equals).count())
          .as("seed %d: unchanged row %s in exactly one page", seed, id)
          .isEqualTo(1);
    }
    // Quiescence: the pinned windows read again hold the fresh list, each row once, in order.
    List<UUID> windows = new ArrayList<>();
    for (int w = 0; w <= cursors.size(); w++) {
      String from = w == 0 ? null : cursors.get(w - 1);
      String to = w == cursors.size() ? null : cursors.get(w);
      Reads.Batch batch =
          reads()
              .listForEach(
                  tickets(), List.of(actor), query(sort, ResourceDeclaration.MAX_LIMIT, from, to))
              .block();
      windows.addAll(batch.rowsOf(0).stream().map(r -> (UUID) r.get("id")).toList());
      assertThat(batch.hasMore().get(0))
          .as("seed %d: window %d of %d has_more", seed, w, cursors.size())
          .isEqualTo(w < cursors.size() && !onlyEmptyAfter(actor, sort, to));
    }
    assertThat(windows)
        .as("seed %d: sort %s, limit %d, %s", seed, sort, limit, actor.roles())
        .isEqualTo(ids(reads().list(tickets(), actor, query(sort, 500, null, null))));
  }

  /** Whether no visible row sorts after {@code cursor}. */
  private static boolean onlyEmptyAfter(Identity actor, List<String> sort, String cursor) {
    return reads()
        .list(tickets(), actor, query(sort, 1, cursor, null))
        .collectList()
        .block()
        .isEmpty();
  }

  @Example
  void tiesAreBrokenByIdSoPagesOfEqualRowsHoldEachRowOnce() throws SQLException {
    String tenant = "keyset-ties-" + UUID.randomUUID();
    Map<UUID, Map<String, Object>> table = new HashMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 9; i++) {
      Map<String, Object> row = randomRow(random);
      row.put("status", "open");
      row.put("updated_at", EPOCH);
      insert(tenant, row, table);
    }
    Identity admin = new Identity("u1", tenant, List.of("admin"), Instant.MAX, "t");
    for (List<String> sort : List.of(List.of("status"), List.of("-updated_at", "status"))) {
      List<UUID> seen = new ArrayList<>();
      String after = null;
      for (int page = 0; page < 5; page++) {
        ListQuery query = query(sort, 2, after, null);
        List<Map<String, Object>> rows =
            reads().listForEach(tickets(), List.of(admin), query).block().rowsOf(0);
        if (rows.isEmpty()) {
          break;
        }
        rows.forEach(r -> seen.add((UUID) r.get("id")));
        after = Cursors.of(tickets(), query, rows.get(rows.size() - 1));
      }
      assertThat(seen).as("sort %s", sort).containsExactlyInAnyOrderElementsOf(table.keySet());
    }
  }

  static ListQuery query(List<String> sort, int limit, String after, String until) {
    ArrayNode keys = JSON.createArrayNode();
    sort.forEach(keys::add);
    return QueryParser.fromJson(
        tickets(),
        null,
        keys,
        JSON.getNodeFactory().numberNode(limit),
        after == null ? null : JSON.getNodeFactory().stringNode(after),
        until == null ? null : JSON.getNodeFactory().stringNode(until));
  }

  private static List<UUID> ids(reactor.core.publisher.Flux<Map<String, Object>> rows) {
    return rows.map(r -> (UUID) r.get("id")).collectList().block();
  }

  private static List<String> randomSort(Random random) {
    List<String> pool = new ArrayList<>(SORTABLE);
    java.util.Collections.shuffle(pool, random);
    List<String> sort = new ArrayList<>();
    for (String key : pool.subList(0, 1 + random.nextInt(3))) {
      sort.add(random.nextBoolean() ? "-" + key : key);
    }
    return sort;
  }

  /** Few distinct values per column, so ties (and nulls) are everywhere. */
  private static Map<String, Object> randomRow(Random random) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", UUID.randomUUID());
    row.put("title", "t" + random.nextInt(1000));
    row.put("status", STATUSES.get(random.nextInt(3)));
    row.put("assignee_id", random.nextInt(3) == 0 ? null : USERS.get(random.nextInt(3)));
    row.put("created_by", USERS.get(random.nextInt(3)));
    row.put("version", 1);
    row.put("created_at", EPOCH.plusSeconds(random.nextInt(4)));
    row.put("updated_at", EPOCH.plusSeconds(random.nextInt(4)));
    return row;
  }

  /** Inserts, updates (moving rows across page boundaries) and deletes a few rows. */
  private static void mutate(
      Random random, String tenant, Map<UUID, Map<String, Object>> table, Set<UUID> stable)
      throws SQLException {
    for (int i = random.nextInt(3); i > 0; i--) {
      insert(tenant, randomRow(random), table);
    }
    List<UUID> existing = new ArrayList<>(table.keySet());
    java.util.Collections.sort(existing);
    for (int i = random.nextInt(3); i > 0 && !existing.isEmpty(); i--) {
      UUID id = existing.get(random.nextInt(existing.size()));
      stable.remove(id);
      if (random.nextBoolean()) {
        table.remove(id);
        execute("DELETE FROM tickets WHERE tenant_id = ? AND id = ?", tenant, id);
      } else {
        Map<String, Object> changed = randomRow(random);
        execute(
            "UPDATE tickets SET status = ?, assignee_id = ?, updated_at = ? WHERE tenant_id = ?"
                + " AND id = ?",
            changed.get("status"),
            changed.get("assignee_id"),
            ((Instant) changed.get("updated_at")).atOffset(ZoneOffset.UTC),
            tenant,
            id);
      }
    }
  }

  private static void insert(
      String tenant, Map<String, Object> row, Map<UUID, Map<String, Object>> table)
      throws SQLException {
    execute(
        "INSERT INTO tickets (tenant_id, id, title, status, assignee_id, created_by, version,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tenant,
        row.get("id"),
        row.get("title"),
        row.get("status"),
        row.get("assignee_id"),
        row.get("created_by"),
        row.get("version"),
        ((Instant) row.get("created_at")).atOffset(ZoneOffset.UTC),
        ((Instant) row.get("updated_at")).atOffset(ZoneOffset.UTC));
    table.put((UUID) row.get("id"), row);
  }

  static void execute(String sql, Object... values) throws SQLException {
    try (Connection connection = RunningService.shared().database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }
}
