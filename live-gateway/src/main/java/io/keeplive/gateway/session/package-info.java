/**
 * WebSocket sessions of {@code keeplive.v1}: authentication, subscriptions, limits, and the bounded
 * outgoing queue with resync.
 *
 * <p>Overview: {@link io.keeplive.gateway.session.LiveSessions} accepts {@code /live} connections
 * and creates one {@link io.keeplive.gateway.session.LiveSession} each. A session verifies its
 * {@code auth} frame (first frame, within the auth timeout), plans each subscription through
 * resource-service as its user, and joins the subscription to a refetch cohort of {@code
 * io.keeplive.gateway.refetch}. Results come back through {@code Subscriber.deliver} and are turned
 * into {@code result} (refetch mode) or {@code insert}/{@code update}/{@code delete} (stream mode)
 * by the session's {@code SendQueue}.
 *
 * <p>Concurrency: one monitor per session guards its state; frames arrive in order on one event
 * loop; results and timers arrive on other threads. Nothing here blocks. Lock order is registry →
 * cohort → session: a session never calls the registry while holding its monitor.
 *
 * <p>Invariants: {@code seq} is assigned when a frame is written (so drops never leave a gap); a
 * session never sends a row that did not come from a refetch as its own user (or as a member of its
 * own policy cohort); the tenant is always the token's. Limits (frame size, rate, subscriptions,
 * {@code limit}) affect only the offending session. Rate limiting: a token bucket of {@code
 * messages-per-second} tokens; a message without a token gets {@code rate_limited} and is dropped;
 * more than {@code rate-limited-before-close} refused messages within {@code rate-limit-window}
 * close the session with 4429.
 *
 * <p>Allowed dependencies: protocol, refetch, metrics (listener), shared-contracts identity.
 */
package io.keeplive.gateway.session;
