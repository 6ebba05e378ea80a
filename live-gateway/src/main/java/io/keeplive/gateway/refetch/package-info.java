/**
 * Refetch cohorts: who shares a refetch, when to refetch, and the live API of resource-service.
 *
 * <p>Overview: a subscription is planned by resource-service ({@code POST /api/live/plan}, as the
 * subscribing user) into topics, a normalized query and an opaque policy cohort. Subscriptions with
 * equal tenant + resource + query + cohort (+ topics) form one cohort and share one refetch and one
 * result. Cohorts with the same query form a query group, refetched in one batched {@code POST
 * /api/live/query} call with one actor token per cohort. A notification marks the cohorts listening
 * to its topics dirty; per group, the first refetch runs at once (leading edge) and everything
 * arriving while it is in flight or within the coalescing window is covered by exactly one more
 * (trailing edge). Identical refetches are therefore never in flight twice.
 *
 * <p>Plans are batched the same way ({@code internal.PlanBatching}): subscriptions of one shape
 * (equal subscription JSON) that arrive while that shape's plan call is in flight go together in
 * one {@code POST /api/live/plans} call, each planned by resource-service as its own user. A
 * connect storm then costs one plan call per shape and batch instead of one per session.
 *
 * <p>Merging: a notification about a row of the group's own resource carries that row's id. A
 * cohort with a result and only such known changes is not read in full: the batched call sends the
 * changed ids, resource-service answers each such cohort just the changed rows its user may see
 * now, and {@link RowOrder} merges them into the cohort's result in the plan's exact order. Where
 * that cannot be exact (a row left a full result, or the order is not reproducible, e.g. a text
 * sort) the cohort's list is read in full on the trailing edge. docs/architecture.md, "Merging
 * changed rows", gives the argument.
 *
 * <p>Delivery: a cohort's members share its work. Its new result is diffed against the previous one
 * once ({@link RowChanges}, the changed rows' frames encoded once), and a member takes those
 * changes only if its view is that very previous result; a merge that changes nothing the cohort
 * sees publishes nothing. docs/benchmarks/profile.md has the profile behind this.
 *
 * <p>Invariants: (1) a subscription is indexed under its topics before its first fetch starts, so a
 * change committed during that fetch triggers another one (race freedom); (2) every row comes from
 * {@code /api/live/query} with the token of a member of the cohort, i.e. under the read policy of
 * users with equal policy inputs, in the cohort's own tenant (merged rows too: they are the user's
 * policy-checked rows, the merge only chooses among them); (3) a cohort whose refetch is refused
 * with {@code forbidden} publishes no rows (the view empties); (4) a transport failure leaves the
 * cohorts dirty and retries with backoff, so views converge once resource-service is back.
 *
 * <p>Concurrency: joins and leaves are serialized by one lock ({@code Cohorts}); notification
 * matching reads a concurrent index without locks; each group and cohort has its own monitor; lock
 * order is registry → group/cohort → session. HTTP calls are non-blocking (WebClient).
 *
 * <p>Budgets: a group's refetch starts only with a slot of its tenant's refetch budget ({@code
 * RefetchSlots}: at most so many refetches in flight per tenant and in all, tenants with refetches
 * waiting taking turns), because every tenant's refetches share resource-service's live API pool,
 * served in arrival order. A group waiting for a slot keeps folding notifications into the batch it
 * takes once the slot is granted; the slot goes back when the refetch is over, on every path.
 * Before asking for a slot a group reserves a start within its tenant's rate ({@code TenantRate}):
 * a tenant over it waits in time, so that its CPU (here, in resource-service, in PostgreSQL) stays
 * bounded however many of its queries every write hits.
 *
 * <p>The naive strategy ({@code keeplive.gateway.refetch.strategy=naive}) gives every subscription
 * its own cohort and refetches once per notification: it exists to measure what cohorts save.
 *
 * <p>Positions: every refetch samples the tenant's consumed position before taking its batch and
 * sends it as the results' {@code at}; a cohort made dirty by a notification owes its position to
 * the tenant's watermark until a refetch that started after it was published ({@code
 * io.keeplive.gateway.position} has the argument).
 *
 * <p>Depends on protocol (error codes), metrics (the listener), identity (dev mode only), position
 * (the watermarks) and shared-contracts.
 */
package io.keeplive.gateway.refetch;
