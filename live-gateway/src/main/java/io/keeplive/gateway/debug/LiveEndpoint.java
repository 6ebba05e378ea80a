package io.keeplive.gateway.debug;

import io.keeplive.gateway.refetch.CohortRegistry;
import io.keeplive.gateway.session.LiveSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/live}: what this instance listens to. Per tenant and topic, the number of
 * subscriptions and the cohorts they form (resource, normalized query, opaque cohort key → size).
 * For operators; it shows ids and topic names, never rows. {@code unsent_bytes}: the sessions' byte
 * accounting (largest unsent output now, total, the most any session ever held, the bound).
 */
@Component
@Endpoint(id = "live")
public class LiveEndpoint {

  private final CohortRegistry registry;
  private final LiveSessions sessions;

  public LiveEndpoint(CohortRegistry registry, LiveSessions sessions) {
    this.registry = registry;
    this.sessions = sessions;
  }

  @ReadOperation
  public Map<String, Object> live() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sessions", sessions.sessionCount());
    out.put("subscriptions", sessions.subscriptionCount());
    out.put("cohorts", registry.cohortCount());
    out.put("query_groups", registry.groupCount());
    out.put("unsent_bytes", sessions.unsentBytes());
    out.put("tenants", registry.snapshot());
    return out;
  }
}
