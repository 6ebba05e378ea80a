package io.keeplive.gateway.position;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Watermark} of every tenant this gateway heard of. One long and a few collections per
 * tenant, kept for the life of the gateway: forgetting a tenant's consumed position would make a
 * later {@code sync} wait for its next write.
 */
public final class Watermarks {

  private final Map<String, Watermark> byTenant = new ConcurrentHashMap<>();

  public Watermark of(String tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new Watermark());
  }

  public int tenants() {
    return byTenant.size();
  }
}
