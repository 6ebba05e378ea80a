package io.keeplive.resource.write;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a committed write answers.
 *
 * @param rows the records after the write (for a destroy: as they were before it)
 * @param replayedBody for a create retried with the same {@code Idempotency-Key}: the JSON body of
 *     the first answer, to be returned unchanged; otherwise null
 * @param position the highest outbox position the write's transaction drew (SPEC §4.1; a replay:
 *     the first create's), empty when the outbox writer draws none
 */
public record WriteResult(
    List<Map<String, Object>> rows, String replayedBody, OptionalLong position) {

  public WriteResult {
    rows = List.copyOf(rows);
  }

  public WriteResult(List<Map<String, Object>> rows, String replayedBody) {
    this(rows, replayedBody, OptionalLong.empty());
  }

  public WriteResult at(OptionalLong drawn) {
    return new WriteResult(rows, replayedBody, drawn);
  }

  public Map<String, Object> row() {
    return rows.get(0);
  }
}
