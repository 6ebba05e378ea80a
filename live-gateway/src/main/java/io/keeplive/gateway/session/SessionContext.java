package io.keeplive.gateway.session;

import io.keeplive.contracts.identity.TokenVerifier;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.ClientMessages;
import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.refetch.Failures;
import io.keeplive.gateway.refetch.LiveApi;
import reactor.core.scheduler.Scheduler;

/**
 * What every session shares: collaborators and configuration, created once per gateway.
 *
 * @param scheduler timers (auth timeout, token expiry, plan retries); never blocks
 * @param failures where failed plans are counted and logged
 */
public record SessionContext(
    TokenVerifier verifier,
    LiveApi api,
    CohortRegistry registry,
    GatewayProperties properties,
    GatewayListener listener,
    Scheduler scheduler,
    ClientMessages parser,
    Failures failures) {

  public static SessionContext of(
      TokenVerifier verifier,
      LiveApi api,
      CohortRegistry registry,
      GatewayProperties properties,
      GatewayListener listener,
      Scheduler scheduler) {
    return new SessionContext(
        verifier,
        api,
        registry,
        properties,
        listener,
        scheduler,
        new ClientMessages(
            properties.limits().maxIdLength(),
            properties.limits().maxRows(),
            properties.limits().maxInValues()),
        new Failures(listener));
  }
}
