package io.keeplive.resource.write;

import java.util.List;
import java.util.Map;

/**
 * What a committed write answers.
 *
 * @param rows the records after the write (for a destroy: as they were before it)
 * @param replayedBody for a create retried with the same {@code Idempotency-Key}: the JSON body of
 *     the first answer, to be returned unchanged; otherwise null
 */
public record WriteResult(List<Map<String, Object>> rows, String replayedBody) {

  public WriteResult {
    rows = List.copyOf(rows);
  }

  public Map<String, Object> row() {
    return rows.get(0);
  }
}
