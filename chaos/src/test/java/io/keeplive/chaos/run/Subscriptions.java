package io.keeplive.chaos.run;

import io.keeplive.chaos.live.Spec;
import io.keeplive.chaos.workload.Json;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * What each user subscribes to: the tickets list (refetch), the open tickets (stream), two single
 * tickets (one per mode; possibly ones the user may not see) and the tenant conversation's messages
 * in both modes. Each with the REST query that must answer the same.
 */
final class Subscriptions {

  private Subscriptions() {}

  static List<Spec> of(String conversation, List<String> tickets, Random random) {
    String first = tickets.get(random.nextInt(tickets.size()));
    String second = tickets.get(random.nextInt(tickets.size()));
    return List.of(
        list(
            "all", "refetch", null, "-updated_at", "/api/tickets?sort=-updated_at&limit=500", true),
        list(
            "open",
            "stream",
            "open",
            "created_at",
            "/api/tickets?status=open&sort=created_at&limit=500",
            false),
        record("ticket-a", first, "refetch"),
        record("ticket-b", second, "stream"),
        messages("messages", conversation, "refetch"),
        messages("messages-stream", conversation, "stream"));
  }

  private static Spec list(
      String name, String mode, String status, String sort, String rest, boolean ordered) {
    ObjectNode subscribe =
        Json.object().put("resource", "tickets").put("limit", 500).put("mode", mode);
    subscribe.putArray("sort").add(sort);
    if (status != null) {
      subscribe.putObject("filter").put("status", status);
    }
    return new Spec(name, subscribe, rest, ordered);
  }

  private static Spec record(String name, String id, String mode) {
    ObjectNode subscribe =
        Json.object().put("resource", "tickets").put("key", id).put("mode", mode);
    return new Spec(name, subscribe, "/api/tickets/" + id, true);
  }

  private static Spec messages(String name, String conversation, String mode) {
    ObjectNode subscribe =
        Json.object().put("resource", "messages").put("limit", 500).put("mode", mode);
    subscribe.putObject("filter").put("conversation_id", conversation);
    subscribe.putArray("sort").add("created_at");
    return new Spec(
        name, subscribe, "/api/conversations/" + conversation + "/messages?limit=500", false);
  }
}
