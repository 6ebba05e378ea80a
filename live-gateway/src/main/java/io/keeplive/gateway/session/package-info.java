/**
 * WebSocket sessions of {@code keeplive.v1}: authentication, subscriptions, limits, and the
 * outgoing queue, bounded in bytes, with resync.
 *
 * <p>Overview: {@link io.keeplive.gateway.session.LiveSessions} accepts {@code /live} connections
 * and creates one {@link io.keeplive.gateway.session.LiveSession} each. A session verifies its
 * {@code auth} frame (first frame, within the auth timeout), plans each subscription through
 * resource-service as its user, and joins the subscription to a refetch cohort of {@code
 * io.keeplive.gateway.refetch}. {@code LiveSession} dispatches frames and keeps the subscriptions;
 * {@code SessionAuth} holds the identity and its timers; {@code Outbound} writes, pings and closes.
 * Results come back through {@code Subscriber.deliver} and are turned into {@code result} (refetch
 * mode) or {@code insert}/{@code update}/{@code delete} (stream mode) by the session's {@code
 * SendQueue}.
 *
 * <p>Lifecycle: awaiting auth → authenticated → closed → ended. A session closes when the client
 * closes, or when the gateway closes it with a SPEC §4 close code ({@code LiveSession.closeNow}:
 * 4401, 4403, 4408, 4413, 4429, 1001 on shutdown). On a gateway close the subscriptions leave their
 * cohorts at once, but the connection ends only when the client answers the close frame, which
 * waits behind every byte already written: a client that stopped reading would keep the TCP
 * connection, Netty's buffer of unread bytes and its place in {@code keeplive_gateway_sessions}
 * forever. So a connection the client has not ended within {@code close-grace} (default 5 s) is
 * dropped without handshake (counted in {@code keeplive_gateway_aborts_total}); a client that reads
 * completes the close well before. Dropping needs the Netty connection, which Spring's {@code
 * WebSocketSession} does not offer: {@code internal.AbortableUpgradeStrategy} creates sessions that
 * can, and a {@code LiveSession} only sees a {@code Runnable}.
 *
 * <p>Concurrency: one monitor per session guards its state; frames arrive in order on one event
 * loop; results and timers arrive on other threads. Nothing here blocks. Lock order is registry →
 * cohort → session: a session never calls the registry while holding its monitor.
 *
 * <p>Invariants: {@code seq} is assigned when a frame is written (so drops never leave a gap); a
 * session never sends a row that did not come from a refetch as its own user (or as a member of its
 * own policy cohort); the tenant is always the token's. Limits (frame size, rate, subscriptions,
 * {@code limit}, values of an {@code in} filter, topics per session, unsent bytes) affect only the
 * offending session. Memory per session is bounded in bytes: the frame limit is enforced by Netty's
 * decoder before a frame is buffered (an oversized frame closes with 4413); unsent output, queued
 * or held by Netty, is at most {@code max-unsent-bytes} (resync, else 4408), control replies
 * included; a session that hit that bound and does not drain within {@code write-timeout} is closed
 * with 4408; an idle connection is pinged and closed with 4408 when it answers nothing for one more
 * {@code ping-interval}. Rate limiting: a token bucket of {@code messages-per-second} tokens; a
 * message without a token gets {@code rate_limited} and is dropped; more than {@code
 * rate-limited-before-close} refused messages within {@code rate-limit-window} close the session
 * with 4429.
 *
 * <p>{@code sync} (SPEC §4.1): {@code SessionSyncs} answers {@code synced} once the tenant's
 * watermark reached the position and every subscription has its first result, or {@code
 * sync_timeout} after {@code sync.timeout}; at most {@code sync.max-pending} wait at once ({@code
 * too_many_syncs}).
 *
 * <p>Depends on protocol, refetch, position (the watermarks), metrics (the listener) and the token
 * verification of shared-contracts.
 */
package io.keeplive.gateway.session;
