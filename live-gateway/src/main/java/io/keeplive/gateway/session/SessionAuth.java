package io.keeplive.gateway.session;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.contracts.identity.TokenVerification;
import io.keeplive.gateway.protocol.CloseCode;
import io.keeplive.gateway.protocol.ErrorCode;
import io.keeplive.gateway.protocol.ServerMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.Disposable;

/**
 * Who a session is: its verified identity, the auth timeout of a new connection and the expiry of
 * its token.
 *
 * <p>Lifecycle: awaiting auth (closed with 4401 after the auth timeout) → authenticated (refresh
 * allowed for the same user and tenant; another identity closes with 4403; expiry without refresh
 * closes with 4401). Shares the session's monitor ({@code lock}); the identity itself is volatile
 * so that refetches can read the current token without it.
 */
final class SessionAuth {

  private final Object lock;
  private final SessionContext context;
  private final Outbound out;
  private final Supplier<List<Subscription>> subscriptionsLocked;
  private volatile Identity identity;
  // Guarded by lock.
  private Disposable authTimer;
  private Disposable expiryTimer;

  /**
   * @param subscriptionsLocked the session's subscriptions, read under the monitor: they are
   *     planned again when a refresh changes the roles
   */
  SessionAuth(
      Object lock,
      SessionContext context,
      Outbound out,
      Supplier<List<Subscription>> subscriptionsLocked) {
    this.lock = lock;
    this.context = context;
    this.out = out;
    this.subscriptionsLocked = subscriptionsLocked;
  }

  /** Starts the auth timeout of a new connection. */
  void start() {
    Disposable timer =
        context
            .scheduler()
            .schedule(
                this::authTimedOut,
                context.properties().limits().authTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    synchronized (lock) {
      authTimer = timer;
    }
  }

  boolean authenticated() {
    return identity != null;
  }

  void authenticate(String token) {
    TokenVerification verification = context.verifier().verify(token);
    Identity current = identity;
    if (verification instanceof TokenVerification.Rejected rejected) {
      ErrorCode code =
          rejected.reason() == TokenVerification.Reason.EXPIRED
              ? ErrorCode.TOKEN_EXPIRED
              : ErrorCode.UNAUTHORIZED;
      if (current == null) {
        unauthenticated(code, rejected.message());
      } else {
        // A failed refresh keeps the session on its current, still valid token.
        out.control(ServerMessages.error(null, 0, code, rejected.message()));
      }
      return;
    }
    Identity verified = ((TokenVerification.Verified) verification).identity();
    if (current != null && !current.samePrincipalAs(verified)) {
      out.control(
          ServerMessages.error(
              null, 0, ErrorCode.FORBIDDEN, "a session cannot change its user or tenant"));
      out.closeAfterPending(CloseCode.IDENTITY_CHANGED);
      return;
    }
    List<Subscription> replan = List.of();
    synchronized (lock) {
      if (out.closedLocked()) {
        return;
      }
      identity = verified;
      stopTimersLocked();
      long untilExpiry = Duration.between(Instant.now(), verified.expiresAt()).toMillis();
      expiryTimer =
          context
              .scheduler()
              .schedule(() -> expired(verified), Math.max(0, untilExpiry), TimeUnit.MILLISECONDS);
      out.queue()
          .control(ServerMessages.authOk(verified.user(), verified.tenant(), verified.expiresAt()));
      if (current != null && !current.roles().equals(verified.roles())) {
        // Other roles may mean another policy cohort: plan every subscription again.
        replan = subscriptionsLocked.get();
      }
    }
    out.drain();
    replan.forEach(Subscription::replan);
  }

  private void expired(Identity expiring) {
    if (identity == expiring) {
      unauthenticated(
          ErrorCode.TOKEN_EXPIRED, "token expired; authenticate again with a fresh one");
    }
  }

  /** resource-service no longer accepts the session's token. */
  void tokenRejected(String detail) {
    Identity current = identity;
    boolean expired = current == null || !current.expiresAt().isAfter(Instant.now());
    unauthenticated(
        expired ? ErrorCode.TOKEN_EXPIRED : ErrorCode.UNAUTHORIZED,
        detail == null ? "token no longer accepted" : detail);
  }

  void unauthenticated(ErrorCode code, String message) {
    out.control(ServerMessages.error(null, 0, code, message));
    out.closeAfterPending(CloseCode.UNAUTHENTICATED);
  }

  private void authTimedOut() {
    if (identity == null) {
      unauthenticated(ErrorCode.UNAUTHORIZED, "no auth message within the auth timeout");
    }
  }

  /** Stops the auth and expiry timers; only under the session's monitor. */
  void stopTimersLocked() {
    if (authTimer != null) {
      authTimer.dispose();
    }
    if (expiryTimer != null) {
      expiryTimer.dispose();
    }
  }

  String token() {
    Identity current = identity;
    return current == null ? null : current.token();
  }

  String tenant() {
    Identity current = identity;
    return current == null ? null : current.tenant();
  }

  Instant expiry() {
    Identity current = identity;
    return current == null ? null : current.expiresAt();
  }

  String user() {
    Identity current = identity;
    return current == null ? null : current.user();
  }
}
