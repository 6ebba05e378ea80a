package io.keeplive.gateway.refetch.internal;

import java.util.List;

/**
 * Identity of a cohort. Two subscriptions with equal keys get identical rows (resource-service's
 * promise for equal resource + query + cohort); the tenant and topics are part of the key so that a
 * cohort can never mix tenants or listen on topics one of its members did not plan.
 *
 * @param tenant tenant of every member (from their tokens)
 * @param resource resource name
 * @param kind {@code list} or {@code record}
 * @param query the normalized query as JSON text
 * @param cohort resource-service's opaque policy-input key
 * @param topics the planned topics, sorted
 * @param isolation 0 for shared cohorts; a unique number per subscription in the naive strategy
 */
public record CohortKey(
    String tenant,
    String resource,
    String kind,
    String query,
    String cohort,
    List<String> topics,
    long isolation) {

  public GroupKey group() {
    return new GroupKey(tenant, resource, kind, query, isolation);
  }

  /** Cohorts of one query that can be refetched in one batched call. */
  public record GroupKey(
      String tenant, String resource, String kind, String query, long isolation) {}
}
