package io.keeplive.gateway.protocol;

import tools.jackson.databind.node.ObjectNode;

/** A well-formed client → server message of {@code keeplive.v1}. */
public sealed interface ClientMessage {

  /** First frame, or a later token refresh for the same user and tenant. */
  record Auth(String token) implements ClientMessage {}

  /**
   * Start a live query.
   *
   * @param id client-chosen subscription id, unique among the session's active subscriptions
   * @param mode refetch (default) or stream
   * @param query the subscription as resource-service's {@code /api/live/plan} takes it: the
   *     client's fields minus {@code type}, {@code id}, {@code mode} and {@code etag} (a window's
   *     {@code after}/{@code until} cursors are part of it)
   * @param etag the etag of an earlier result of an identical subscription (SPEC §4.3), or null
   */
  record Subscribe(String id, Mode mode, ObjectNode query, String etag) implements ClientMessage {
    public Subscribe(String id, Mode mode, ObjectNode query) {
      this(id, mode, query, null);
    }
  }

  /** Stop a subscription; answered by {@code complete}. */
  record Unsubscribe(String id) implements ClientMessage {}

  /** Liveness; answered by {@code pong}. */
  record Ping() implements ClientMessage {}

  /**
   * Read your writes (SPEC §4.1): answered by {@code synced} once every message caused by the
   * tenant's writes up to {@code position} was sent to this session.
   *
   * @param ref the client's name for this request, echoed in the answer
   * @param position a {@code Keeplive-Position} (0 or more)
   */
  record Sync(String ref, long position) implements ClientMessage {}
}
