package io.keeplive.chaos.check;

import io.keeplive.chaos.workload.Actors;
import io.keeplive.chaos.workload.Json;
import io.keeplive.chaos.workload.Rest;
import io.keeplive.chaos.workload.WriteLog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The checks against the write history: nothing acknowledged is missing from the system of record
 * (read by REST with the tenant admin's token), every row a client saw is a version the writes
 * produced, the toggled member never saw a message created while it could not be a member, and
 * every acknowledged write left a committed outbox row.
 */
public final class HistoryChecks {

  private static final Set<String> TICKET_WRITES =
      Set.of("create_ticket", "update_ticket", "assign_ticket", "delete_ticket");

  private HistoryChecks() {}

  public static void lostWrites(
      Actors.Tenant tenant,
      String conversation,
      List<WriteLog.Write> writes,
      Rest rest,
      Violations violations) {
    Map<String, JsonNode> tickets = byId(rest.get(tenant.admin(), "/api/tickets?limit=500"));
    Map<String, JsonNode> messages =
        byId(
            rest.get(tenant.admin(), "/api/conversations/" + conversation + "/messages?limit=500"));
    Set<String> maybeDeleted = new HashSet<>();
    writes.stream()
        .filter(w -> w.kind().equals("delete_ticket") && w.mayHaveHappened())
        .forEach(w -> maybeDeleted.add(w.recordId()));
    for (WriteLog.Write write : writes) {
      if (!write.acknowledged()) {
        continue;
      }
      String id = write.recordId();
      JsonNode now = tickets.get(id);
      switch (write.kind()) {
        case "create_ticket", "update_ticket", "assign_ticket" -> {
          if (now == null && !maybeDeleted.contains(id)) {
            violations.add(
                Property.LOST_WRITE,
                write.kind() + " of ticket " + id + " acknowledged, ticket gone");
          } else if (now != null && Json.version(now) < Json.version(write.row())) {
            violations.add(
                Property.LOST_WRITE,
                write.kind()
                    + " of ticket "
                    + id
                    + " acknowledged version "
                    + Json.version(write.row())
                    + ", REST has "
                    + Json.version(now));
          }
        }
        case "delete_ticket" -> {
          if (now != null) {
            violations.add(
                Property.LOST_WRITE,
                "delete of ticket " + id + " acknowledged, ticket still there");
          }
        }
        case "create_message" -> {
          if (!messages.containsKey(id)) {
            violations.add(
                Property.LOST_WRITE, "message " + id + " acknowledged, not in its conversation");
          }
        }
        default -> {
          // membership: checked by the toggled member's views converging on REST
        }
      }
    }
  }

  private static Map<String, JsonNode> byId(Rest.Answer answer) {
    if (!answer.ok() || answer.body() == null || !answer.body().isArray()) {
      throw new IllegalStateException("REST read failed after the run: " + answer);
    }
    Map<String, JsonNode> rows = new HashMap<>();
    answer.body().forEach(row -> rows.put(Json.text(row, "id"), row));
    return rows;
  }

  /** Every ticket version a client saw must equal what the write that produced it answered. */
  public static void phantoms(
      Set<LiveChecks.SeenTicket> seen, List<WriteLog.Write> writes, Violations violations) {
    Map<String, JsonNode> acknowledged = new HashMap<>();
    Set<String> known = new HashSet<>();
    Set<String> tenantsWithUnknownCreates = new HashSet<>();
    for (WriteLog.Write write : writes) {
      if (TICKET_WRITES.contains(write.kind()) && write.recordId() != null) {
        known.add(write.recordId());
      }
      if (write.kind().equals("create_ticket") && write.uncertain()) {
        tenantsWithUnknownCreates.add(write.tenant());
      }
      if (write.acknowledged() && write.row() != null && TICKET_WRITES.contains(write.kind())) {
        acknowledged.put(write.recordId() + "@" + Json.version(write.row()), write.row());
      }
    }
    for (LiveChecks.SeenTicket ticket : seen) {
      if (!known.contains(ticket.id()) && !tenantsWithUnknownCreates.contains(ticket.tenant())) {
        violations.add(
            Property.PHANTOM_ROW,
            "ticket " + ticket.id() + " was never created in " + ticket.tenant());
        continue;
      }
      JsonNode row = acknowledged.get(ticket.id() + "@" + ticket.version());
      if (row != null
          && !(Objects.equals(Json.text(row, "status"), ticket.status())
              && Objects.equals(Json.text(row, "assignee_id"), ticket.assignee())
              && Objects.equals(Json.text(row, "title"), ticket.title()))) {
        violations.add(Property.PHANTOM_ROW, ticket + " differs from the acknowledged " + row);
      }
    }
  }

  /**
   * The toggled member may have seen a message only if it could have been a member after the
   * message could have existed: some membership interval [add sent, remove acknowledged] must end
   * after the message's create was sent.
   */
  public static void toggledMemberSawOnlyWhatItMay(
      Set<String> seen, List<WriteLog.Write> writes, Violations violations) {
    Map<String, Long> messageSent = new HashMap<>();
    Map<String, List<WriteLog.Write>> toggles = new HashMap<>();
    for (WriteLog.Write write : writes) {
      if (write.kind().equals("create_message") && write.acknowledged()) {
        messageSent.put(write.tenant() + "/" + write.recordId(), write.sentNanos());
      }
      if ((write.kind().equals("add_member") || write.kind().equals("remove_member"))
          && write.mayHaveHappened()) {
        toggles.computeIfAbsent(write.tenant(), t -> new java.util.ArrayList<>()).add(write);
      }
    }
    for (String key : seen) {
      Long sent = messageSent.get(key);
      if (sent == null) {
        continue; // a message whose create has an unknown outcome
      }
      String tenant = key.substring(0, key.indexOf('/'));
      if (!possiblyMemberAfter(toggles.getOrDefault(tenant, List.of()), sent)) {
        violations.add(
            Property.UNAUTHORIZED_ROW,
            "the toggled member of "
                + tenant
                + " saw message "
                + key
                + " created while it was no member");
      }
    }
  }

  private static boolean possiblyMemberAfter(List<WriteLog.Write> toggles, long sentNanos) {
    Long memberSince = null;
    for (WriteLog.Write toggle : toggles) {
      if (toggle.kind().equals("add_member")) {
        if (memberSince == null) {
          memberSince = toggle.sentNanos();
        }
      } else if (toggle.acknowledged() && memberSince != null) {
        if (toggle.answeredNanos() >= sentNanos) {
          return true;
        }
        memberSince = null;
      }
    }
    return memberSince != null;
  }

  /** Each acknowledged ticket version and message needs a committed outbox row of its record. */
  public static void outboxRows(
      List<WriteLog.Write> writes, List<KafkaChecks.Committed> committed, Violations violations) {
    Map<String, Integer> rows = new HashMap<>();
    committed.forEach(row -> rows.merge(row.tenant() + "/" + row.recordId(), 1, Integer::sum));
    Map<String, Set<Long>> versions = new HashMap<>();
    for (WriteLog.Write write : writes) {
      if (!write.acknowledged() || write.recordId() == null) {
        continue;
      }
      String key = write.tenant() + "/" + write.recordId();
      long version =
          write.kind().equals("delete_ticket")
              ? Long.MAX_VALUE
              : write.row() == null ? 0 : Json.version(write.row());
      if (TICKET_WRITES.contains(write.kind()) || write.kind().equals("create_message")) {
        versions.computeIfAbsent(key, k -> new HashSet<>()).add(version);
      }
    }
    versions.forEach(
        (key, distinct) -> {
          int found = rows.getOrDefault(key, 0);
          if (found < distinct.size()) {
            violations.add(
                Property.NO_OUTBOX_ROW,
                key + ": " + distinct.size() + " acknowledged versions, " + found + " outbox rows");
          }
        });
  }
}
