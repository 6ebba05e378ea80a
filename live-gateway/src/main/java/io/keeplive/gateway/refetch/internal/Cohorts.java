package io.keeplive.gateway.refetch.internal;

import io.keeplive.gateway.refetch.Plan;
import io.keeplive.gateway.refetch.Subscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The mutable structure behind the registry: cohorts, their query groups, and the index tenant →
 * topic → cohorts. Joins and leaves are serialized by this object's lock (they are rare next to
 * notifications); matching a notification reads the concurrent index without locking.
 */
public final class Cohorts {

  private final Map<CohortKey, Cohort> cohorts = new HashMap<>();
  private final Map<CohortKey.GroupKey, QueryGroup> groups = new HashMap<>();
  private final Map<String, Map<String, Set<Cohort>>> index = new ConcurrentHashMap<>();
  private final BiFunction<CohortKey, Plan, QueryGroup> newGroup;

  public Cohorts(BiFunction<CohortKey, Plan, QueryGroup> newGroup) {
    this.newGroup = newGroup;
  }

  /** The result of joining: the cohort, and whether it still needs its first fetch. */
  public record Joined(Cohort cohort, boolean needsFetch) {}

  public Joined join(CohortKey key, Plan plan, Subscriber member) {
    Cohort cohort;
    synchronized (this) {
      cohort = cohorts.get(key);
      if (cohort == null) {
        QueryGroup group = groups.computeIfAbsent(key.group(), k -> newGroup.apply(key, plan));
        cohort = new Cohort(key, group);
        group.addCohort(cohort);
        cohorts.put(key, cohort);
        Map<String, Set<Cohort>> topics =
            index.computeIfAbsent(key.tenant(), t -> new ConcurrentHashMap<>());
        for (String topic : key.topics()) {
          topics.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(cohort);
        }
      }
      // Registered (and indexed) before any fetch: a notification from now on reaches it.
      boolean hadResult = cohort.add(member);
      return new Joined(cohort, !hadResult);
    }
  }

  public synchronized void leave(Cohort cohort, Subscriber member) {
    if (!cohort.remove(member) || cohorts.get(cohort.key()) != cohort) {
      return;
    }
    cohorts.remove(cohort.key());
    QueryGroup group = cohort.group();
    if (group.removeCohort(cohort)) {
      groups.remove(group.key());
    }
    Map<String, Set<Cohort>> topics = index.get(cohort.key().tenant());
    if (topics != null) {
      for (String topic : cohort.key().topics()) {
        Set<Cohort> set = topics.get(topic);
        if (set != null) {
          set.remove(cohort);
          if (set.isEmpty()) {
            topics.remove(topic);
          }
        }
      }
      if (topics.isEmpty()) {
        index.remove(cohort.key().tenant());
      }
    }
  }

  /** Cohorts of {@code tenant} listening to any of {@code topics}. Lock-free. */
  public Set<Cohort> matching(String tenant, List<String> topics) {
    Map<String, Set<Cohort>> byTopic = index.get(tenant);
    if (byTopic == null) {
      return Set.of();
    }
    Set<Cohort> matched = new LinkedHashSet<>();
    for (String topic : topics) {
      Set<Cohort> set = byTopic.get(topic);
      if (set != null) {
        matched.addAll(set);
      }
    }
    return matched;
  }

  /** Topic → cohorts, per tenant: a copy for the debug endpoint. */
  public synchronized Map<String, Map<String, List<Cohort>>> snapshot() {
    Map<String, Map<String, List<Cohort>>> copy = new HashMap<>();
    index.forEach(
        (tenant, topics) -> {
          Map<String, List<Cohort>> perTopic = new HashMap<>();
          topics.forEach((topic, set) -> perTopic.put(topic, new ArrayList<>(set)));
          copy.put(tenant, perTopic);
        });
    return copy;
  }

  /** Every cohort, a copy. */
  public synchronized List<Cohort> all() {
    return new ArrayList<>(cohorts.values());
  }

  public synchronized int cohortCount() {
    return cohorts.size();
  }

  public synchronized int groupCount() {
    return groups.size();
  }

  /** Builds a key for a plan. */
  public static CohortKey keyOf(String tenant, Plan plan, long isolation) {
    List<String> topics = new ArrayList<>(new LinkedHashSet<>(plan.topics()));
    topics.sort(null);
    return new CohortKey(
        tenant,
        plan.resource(),
        plan.kind().wireName(),
        plan.query().toString(),
        plan.cohort(),
        List.copyOf(topics),
        isolation);
  }
}
