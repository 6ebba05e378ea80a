/**
 * The relay engine: outbox rows → Kafka, per tenant in commit order, at least once, across any
 * number of instances.
 *
 * <h2>Why plain JDBC on dedicated threads, not R2DBC</h2>
 *
 * Ownership of shards is a set of session-level advisory locks, and LISTEN delivers only to the
 * session that issued it; both need a pinned connection that lives as long as the ownership, which
 * a reactive pool (or any pool) hides. The relay is also a background worker with no request path:
 * each lane does one thing at a time (read, publish, wait for acks, delete) and has nothing to
 * multiplex, so non-blocking I/O would add operators, not throughput. Each lane therefore is a
 * platform thread with one pgjdbc session ({@link io.keeplive.relay.outbox.ConnectionSource}); the
 * LISTEN session and the backlog sampler have one thread and one session each. Nothing here runs on
 * an event loop.
 *
 * <h2>Loop of a lane</h2>
 *
 * <ol>
 *   <li>Open a session; join as a member (shared advisory lock).
 *   <li>Every {@code rebalanceInterval}: count live lanes, take free shards up to {@code ceil(64 /
 *       lanes)} with {@code pg_try_advisory_lock}, give back any excess.
 *   <li>Read up to {@code batchSize} of the oldest rows of the shards in scope (all owned shards,
 *       or those signalled, or those that had rows in the last read; see Wake-ups), in one
 *       statement: per shard a prefix in {@code position} order, the batch split evenly among the
 *       shards, leaving out exactly the rows of the batch still in flight.
 *   <li>Wait until Kafka acknowledged or failed each row of the batch in flight; {@code DELETE} the
 *       acknowledged rows (never a status update: the table holds only the unpublished backlog,
 *       stays small, and "published" needs no index or cleanup). If any failed, drop the batch just
 *       read, unsent, and retry after a backoff.
 *   <li>Send the batch just read, in position order, and go back to reading — so Postgres works on
 *       batch N+1 while Kafka works on batch N, but sends remain strictly one batch after the
 *       other. With nothing to read, wait for a NOTIFY or {@code pollInterval}.
 * </ol>
 *
 * Any SQL failure closes the session — which frees its locks — and the lane reconnects with
 * backoff; a Kafka failure keeps the session and the locks and retries the same rows.
 *
 * <h2>Invariant 1: per tenant, position order is commit order</h2>
 *
 * The writer (docs/architecture.md) takes {@code pg_advisory_xact_lock(hashtext('keeplive.outbox:'
 * || tenant))} after (or in the same statement as) its last row change, holds it until commit, and
 * draws positions from the sequence only once it holds it. Transaction-level advisory locks are
 * released after the commit is recorded and the transaction has left the proc array, i.e. after it
 * became visible to new snapshots. So two transactions of one tenant are serialised: the second
 * draws its positions — necessarily higher — only after the first is committed and visible.
 * Consequence: whenever a reader sees a row of tenant X at position p, every row of X below p is
 * already visible too (or was rolled back and never will be).
 *
 * <h2>Invariant 2: no row is ever skipped</h2>
 *
 * The relay keeps no cursor ("last published position"). A row leaves the outbox only through the
 * relay's {@code DELETE}, after Kafka acknowledged it, and every read returns the lowest visible
 * positions of each owned shard. Across tenants, positions do commit out of order (tenant A draws
 * 10, tenant B draws 11 and commits first; equally, a transaction with the lower xid may commit
 * later): the late row 10 is simply the lowest row of its shard at the next read. This is why the
 * relay does not need the xmin-horizon filter that cursor-based outbox readers use ({@code xid <
 * pg_snapshot_xmin(pg_current_snapshot())}, using the table's {@code xid} column): that filter
 * stops a cursor from moving past a still-running transaction; without a cursor there is nothing to
 * move past. The {@code xid} column stays useful for diagnosis (which transaction wrote a row).
 *
 * <h2>Invariant 3: per tenant, first deliveries are in commit order</h2>
 *
 * A tenant lives in exactly one shard ({@link
 * io.keeplive.contracts.notification.Notifications#shardOf}), a shard has at most one owning lane
 * (an exclusive session advisory lock), and a lane reads, per shard, a prefix in position order,
 * publishes it in that order through one idempotent producer (order kept under retries), and reads
 * the next batch only after the previous one was acknowledged and deleted. A row of X read later
 * cannot have a lower position than one already read: by invariant 1 it would have been visible,
 * and by the prefix rule included, earlier. Ownership moves only between batches: a lane deletes
 * before it unlocks, so a new owner starts exactly at the first undeleted row.
 *
 * <p>Failures add duplicates, never reorderings of first deliveries: rows published but not yet
 * deleted when a lane's session or process dies are published again by the next owner, with the
 * same CloudEvents {@code id}. Even if the old producer still delivers its in-flight batch late,
 * both copies are prefixes in the same order, so the first copy of each id still appears in
 * position order. Consumers dedupe by {@code id} or, like the gateway, react idempotently
 * (refetch).
 *
 * <h2>Many instances and failover</h2>
 *
 * Lanes are the unit of ownership (an instance with two lanes counts as two). A dead process's
 * sockets close, Postgres ends its sessions and frees its locks at once; a vanished host is
 * detected by per-session server TCP keepalives (about 25 s) or, from the relay side, the socket
 * timeout. The survivors' next rebalance sees fewer members, raises the fair share and takes the
 * free shards. Graceful stop ({@link io.keeplive.relay.outbox.OutboxRelay#close}) finishes the
 * batch in flight, deletes, unlocks everything and closes the session, so shards move within one
 * rebalance interval.
 *
 * <h2>Wake-ups</h2>
 *
 * A writer's NOTIFY on {@code keeplive_outbox} carries its shard. The LISTEN session wakes only the
 * local lane that owns that shard, and that lane reads only that shard (one statement), again and
 * again while reads return rows. NOTIFYs for shards owned by another instance wake nobody here.
 * Waking every lane to probe every shard it owns, as the relay first did, cost about four outbox
 * statements per notification with two lanes, and more with every further lane and instance; now it
 * costs two (the read that finds the row, the read that finds the shard empty), which {@code
 * WakeupTest} counts.
 *
 * <p>After a read that returned rows, the next read covers the shards that had rows (plus new
 * signals), so a batch is shared only among busy shards and one busy shard alone is drained in
 * whole batches ({@code ReadScopeTest}). This replaced a separate busy-shards probe before every
 * read: that probe had to step over the in-flight rows at the head of each shard, and without it
 * the relay moved 72,000–93,000 instead of 39,000–63,000 notifications/s in the relay benchmark.
 *
 * <p>Wake-ups are level-triggered ({@link io.keeplive.relay.outbox.internal.Wakeup}), so a NOTIFY
 * that arrives during a batch is not lost. Correctness never depends on them: at least once per
 * poll interval a lane reads every shard it owns, signalled or not (the fallback for NOTIFYs lost
 * with a dropped LISTEN session, or sent while a shard changed owner); after a rebalance a lane
 * reads all its shards at once; and the LISTEN session wakes every lane for everything after each
 * reconnect.
 *
 * <h2>Allowed dependencies</h2>
 *
 * {@link io.keeplive.relay.kafka} (publishing), {@link io.keeplive.relay.observability} (listener),
 * shared-contracts, pgjdbc. Nothing from Spring: the wiring lives in {@code io.keeplive.relay}.
 *
 * <p>Depends on {@code kafka} (publishing) and {@code observability} (reporting).
 */
package io.keeplive.relay.outbox;
