/**
 * Positions (SPEC §4.1): the per-tenant watermark behind {@code at} and {@code sync}.
 *
 * <p>Where positions come from: resource-service's outbox draws them from one sequence under a
 * per-tenant advisory lock, so per tenant they grow in commit order (not contiguously); the relay
 * publishes each tenant's rows in position order (duplicates possible, reorderings not), and the
 * envelope carries the position to every gateway.
 *
 * <h2>{@code at}: what a result may claim</h2>
 *
 * A refetch samples the tenant's {@link io.keeplive.gateway.position.Watermark#consumed()} before
 * it takes its batch of dirty cohorts, and its results carry that value {@code c} as {@code at}.
 * Why every write of the tenant up to {@code c} is reflected: (1) {@code c} was consumed, so it was
 * committed, and by the outbox's commit-order invariant every write of the tenant below it was
 * committed too; the read starts later, so it sees them all. (2) Where a result is not read in full
 * but merged (changed rows into the last result), every write up to {@code c} whose topics concern
 * the cohort marked it dirty before {@code c} was recorded as consumed (the registry marks, then
 * records), hence before the batch was taken: its row is either among the rows read now, or was
 * already covered by the refetch that produced the last result. (3) A member that joins a cohort
 * with a result receives that result with the {@code at} it was published with.
 *
 * <h2>The watermark and {@code sync}</h2>
 *
 * {@link io.keeplive.gateway.position.Watermark#value()} moves past {@code p} only once every
 * cohort a notification up to {@code p} made dirty has published a refetch that started after it,
 * i.e. once the resulting messages are in every member's send queue. A session answers {@code
 * sync(p)} with {@code synced} once the value reached {@code p} and each of its subscriptions has
 * its first result; {@code synced} is queued behind everything already queued (a resync result
 * takes the place of the first message it replaces, never a place behind a queued {@code synced}).
 * Why that is enough for a subscription {@code s} and a write {@code q ≤ p} that concerns it: if
 * {@code q} was consumed before the first fetch of {@code s}'s cohort started, that fetch read it;
 * otherwise the cohort was already listening, owed {@code q}, and published a covering refetch
 * before the value passed {@code q} — to {@code s}, or, if {@code s} joined later, as the result
 * {@code s} received on joining.
 *
 * <p>Gaps: when notifications may have been lost ({@code NotificationSink.skipped}), every cohort
 * is read in full and owes {@code consumed + 1} meanwhile, so the value cannot pass a lost write
 * before every view was read again. A tenant's first notification after this gateway started
 * positions it: positions below it were published before and are in every fetch since.
 *
 * <p>Known limit: a gateway knows a tenant's positions only from the notifications it consumed. A
 * {@code sync} for a write committed before the gateway started (a client that reconnected after a
 * gateway restart) is answered once the tenant's next notification arrives, or times out. The
 * watermark is per tenant, so one cohort whose refetch keeps failing or is slow holds back every
 * {@code sync} of its tenant on this gateway until it publishes (or the syncs time out); a
 * per-cohort watermark would confine that to the sessions that share the cohort, at the cost of one
 * watermark per cohort and a sync that has to know every cohort a write concerns.
 *
 * <p>Depends on nothing else of the gateway.
 */
package io.keeplive.gateway.position;
