package io.keeplive.contracts.notification;

/** Names shared by the relay (producer) and the gateways (consumers). */
public final class Notifications {

  /** Default Kafka topic; configurable in both services. */
  public static final String DEFAULT_TOPIC = "keeplive.notifications";

  /** Postgres NOTIFY channel the writing transaction signals on; payload is the shard number. */
  public static final String NOTIFY_CHANNEL = "keeplive_outbox";

  /**
   * Number of outbox shards. A tenant always maps to the same shard; one relay instance owns a
   * shard at a time, which is what keeps a tenant's notifications in commit order.
   */
  public static final int OUTBOX_SHARDS = 64;

  private Notifications() {}

  public static int shardOf(String tenant) {
    return Math.floorMod(tenant.hashCode(), OUTBOX_SHARDS);
  }
}
