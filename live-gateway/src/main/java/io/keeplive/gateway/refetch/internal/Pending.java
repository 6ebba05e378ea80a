package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.position.Watermark;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Why a cohort of a {@link QueryGroup} must be refetched: the earliest commit not yet covered, how
 * many times, which rows changed ({@code recheck}: unknown, read in full), and the lowest position
 * the cohort owes the tenant's watermark for it (0: none). Guarded by its group's monitor.
 */
final class Pending {

  /** Most changed row ids remembered per cohort; beyond that the cohort is read in full. */
  static final int MAX_CHANGED_IDS = 256;

  Instant cause;
  int count;
  boolean recheck;
  long owes;
  final Set<String> ids = new LinkedHashSet<>();

  /**
   * Takes over {@code token}, a position already owed: the lower of two owed positions is kept (the
   * refetch that covers it covers the higher one too), the other released.
   */
  void adopt(long token, Watermark watermark) {
    if (token <= 0) {
      return;
    }
    if (owes == 0) {
      owes = token;
    } else if (token < owes) {
      watermark.release(owes);
      owes = token;
    } else {
      watermark.release(token);
    }
  }

  void add(Instant at, String rowId) {
    count++;
    if (at != null && (cause == null || at.isBefore(cause))) {
      cause = at;
    }
    if (rowId == null || ids.size() >= MAX_CHANGED_IDS) {
      recheck = true;
      ids.clear();
    } else if (!recheck) {
      ids.add(rowId);
    }
  }
}
