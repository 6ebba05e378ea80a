package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.refetch.RowChanges;
import io.keeplive.gateway.refetch.RowOrder;
import io.keeplive.gateway.refetch.Rows;
import io.keeplive.gateway.refetch.Subscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions that get identical rows: same tenant, resource, query and policy cohort. Holds the
 * members and the last result. Deliveries happen under this object's lock, so a member that joins
 * while a result is being published sees either the old result followed by the new one, or the new
 * one only; never the new one followed by the old.
 */
public final class Cohort {

  private static final Logger log = LoggerFactory.getLogger(Cohort.class);

  private final CohortKey key;
  private final QueryGroup group;
  private final Set<Subscriber> members = new LinkedHashSet<>();
  private Rows last;
  // The tenant position the last result reflects (SPEC §4.1 `at`).
  private long lastAt;

  Cohort(CohortKey key, QueryGroup group) {
    this.key = key;
    this.group = group;
  }

  public CohortKey key() {
    return key;
  }

  public QueryGroup group() {
    return group;
  }

  /**
   * Adds a member; when a result exists it is delivered at once.
   *
   * @return whether a result existed (otherwise the caller must request a refetch)
   */
  public synchronized boolean add(Subscriber member) {
    members.add(member);
    if (last != null) {
      deliver(member, last, null, null, lastAt);
      return true;
    }
    return false;
  }

  /** Removes a member; returns whether the cohort is now empty. */
  public synchronized boolean remove(Subscriber member) {
    members.remove(member);
    return members.isEmpty();
  }

  public synchronized int size() {
    return members.size();
  }

  public synchronized List<Subscriber> members() {
    return new ArrayList<>(members);
  }

  /**
   * Publishes a fresh result (a list's as its window, see {@link QueryGroup#paged}) to every
   * member.
   *
   * @param at the tenant position the rows reflect; an unchanged result is not sent again, but a
   *     member that joins later gets the rows with the newer position
   */
  public synchronized void publish(Rows fresh, Instant cause, long at) {
    Rows rows = group.paged(fresh);
    if (last != null && last.sameAs(rows)) {
      lastAt = Math.max(lastAt, at);
      return;
    }
    // Diffed once for every member whose view is the previous result, not once per member.
    RowChanges changes = last == null ? null : new RowChanges(last, rows, at);
    last = rows;
    lastAt = at;
    for (Subscriber member : members) {
      deliver(member, rows, changes, cause, at);
    }
  }

  /** A member that throws (a defect) must not keep the others from their result. */
  private static void deliver(
      Subscriber member, Rows rows, RowChanges changes, Instant cause, long at) {
    try {
      member.deliver(rows, changes, cause, at);
    } catch (RuntimeException e) {
      log.error("Delivering a result to {} failed", member, e);
    }
  }

  /**
   * Merges changed rows into the last result and publishes it (see {@link RowOrder#merge}).
   *
   * @return false when the merge cannot be exact (or there is no last result): read the list
   */
  public synchronized boolean merge(
      RowOrder order,
      int limit,
      boolean record,
      Collection<String> changedIds,
      List<Rows.Row> visible,
      Instant cause,
      long at) {
    if (last == null) {
      return false;
    }
    Optional<Rows> merged;
    if (record) {
      // A record's set holds at most its key (the query filters on it): the visible changed rows
      // are the result.
      merged = visible.size() <= 1 ? Optional.of(Rows.of(visible)) : Optional.empty();
    } else {
      merged = order.merge(last, changedIds, visible, limit);
    }
    if (merged.isEmpty()) {
      return false;
    }
    if (merged.get() == last) {
      // Nothing this cohort sees changed: what publishing the same rows would do, without paging.
      lastAt = Math.max(lastAt, at);
      return true;
    }
    publish(merged.get(), cause, at);
    return true;
  }

  /** The member whose token lives longest, to refetch as; {@code null} when none is usable. */
  public synchronized Subscriber actor(Instant now) {
    Subscriber best = null;
    for (Subscriber member : members) {
      Instant expires = member.tokenExpiresAt();
      if (member.token() != null
          && expires != null
          && expires.isAfter(now)
          && (best == null || expires.isAfter(best.tokenExpiresAt()))) {
        best = member;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "Cohort[" + key.resource() + " " + key.query() + " cohort=" + key.cohort() + "]";
  }
}
