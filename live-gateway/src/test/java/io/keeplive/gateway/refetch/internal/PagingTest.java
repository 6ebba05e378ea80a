package io.keeplive.gateway.refetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.cursor.Cursor;
import io.keeplive.gateway.refetch.Rows;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PagingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Paging paging(String resource, String... sort) {
    ObjectNode query = JSON.createObjectNode();
    query.put("resource", resource);
    var keys = query.putArray("sort");
    for (String key : sort) {
      keys.add(key);
    }
    return new Paging(resource, query);
  }

  private static Rows.Row row(String id, String updatedAt, int priority) {
    return Rows.row(
        JSON.createObjectNode()
            .put("id", id)
            .put("updated_at", updatedAt)
            .put("priority", priority));
  }

  @Test
  void aWindowsNextIsTheCursorOfItsLastRowForItsOwnListEvenWhenTheRowIsShared() {
    Rows.Row a = row("a", "2026-01-01T00:00:02Z", 1);
    Rows.Row b = row("b", "2026-01-01T00:00:01Z", 5);
    Paging byTime = paging("tickets", "-updated_at");
    Paging byPriority = paging("tickets", "priority");
    Paging otherResource = paging("orders", "-updated_at");

    for (int round = 0; round < 2; round++) {
      // The second round finds b's cursors cached: each must still be its own list's.
      assertThat(byTime.window(Rows.of(List.of(a, b))).next())
          .isEqualTo(
              Cursor.of("tickets", List.of("-updated_at"), JSON.readTree(b.json())).encode());
      assertThat(byPriority.window(Rows.of(List.of(b))).next())
          .isEqualTo(Cursor.of("tickets", List.of("priority"), JSON.readTree(b.json())).encode());
      assertThat(otherResource.window(Rows.of(List.of(a, b))).next())
          .isEqualTo(Cursor.of("orders", List.of("-updated_at"), JSON.readTree(b.json())).encode());
    }
    assertThat(byTime.window(Rows.of(List.of(b, a))).next())
        .as("another last row, another cursor")
        .isEqualTo(Cursor.of("tickets", List.of("-updated_at"), JSON.readTree(a.json())).encode());
    assertThat(byTime.window(Rows.EMPTY.window(false, null)).next()).isNull();
  }
}
