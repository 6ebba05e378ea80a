package io.keeplive.chaos.check;

import io.keeplive.chaos.live.Session;
import io.keeplive.chaos.live.Spec;
import io.keeplive.chaos.workload.Actors;
import io.keeplive.chaos.workload.Json;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The checks that need nothing but the message itself, run as each message arrives (the run's
 * messages are too many to keep): {@code seq} per subscription, tenant and read policy of every
 * row, duplicate rows. What needs the write history later is remembered compactly: every ticket
 * version seen, every message row the toggled member saw.
 */
public final class LiveChecks implements Session.Observer {

  /** A ticket version as a client saw it. */
  public record SeenTicket(
      String tenant, String id, long version, String status, String assignee, String title) {}

  private final Violations violations;
  private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
  private final Map<String, String> conversations;
  private final Set<SeenTicket> seenTickets = ConcurrentHashMap.newKeySet();
  private final Set<String> seenByToggledMember = ConcurrentHashMap.newKeySet();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong silentConnections = new AtomicLong();
  private final Map<Integer, Long> closeCodes = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final AtomicLong subscriptionErrors = new AtomicLong();
  private final Map<String, Long> errorCodes = new ConcurrentHashMap<>();

  /** {@code conversations}: tenant → its conversation id. */
  public LiveChecks(Violations violations, Map<String, String> conversations) {
    this.violations = violations;
    this.conversations = Map.copyOf(conversations);
  }

  @Override
  public void onReconnect(Session session, int closeCode) {
    reconnects.incrementAndGet();
    closeCodes.merge(closeCode, 1L, Long::sum);
  }

  @Override
  public void onSilentConnection(Session session, String diagnosis) {
    silentConnections.incrementAndGet();
  }

  /** Connections the clients' liveness check dropped because nothing arrived on them. */
  public long silentConnections() {
    return silentConnections.get();
  }

  /** Reconnects by the close code that caused them (1006: connection failed or dropped). */
  public Map<Integer, Long> closeCodes() {
    return Map.copyOf(closeCodes);
  }

  @Override
  public void onMessage(
      Session session, Spec spec, int connection, String id, JsonNode message, long nanos) {
    messages.incrementAndGet();
    Actors.User user = session.user();
    String type = Json.text(message, "type");
    if (id == null) {
      return;
    }
    if (spec == null) {
      violations.add(
          Property.SEQ_GAP, user.name() + " got " + type + " for unknown subscription " + id);
      return;
    }
    checkSeq(user, id, type, message);
    if ("error".equals(type)) {
      subscriptionErrors.incrementAndGet();
      errorCodes.merge(String.valueOf(Json.text(message, "code")), 1L, Long::sum);
      return;
    }
    JsonNode rows = message.get("rows");
    if (rows != null) {
      rows.forEach(row -> checkRow(user, spec, row, type));
    }
    if (message.has("row") && !"delete".equals(type)) {
      checkRow(user, spec, message.get("row"), type);
    }
  }

  private void checkSeq(Actors.User user, String id, String type, JsonNode message) {
    JsonNode seqNode = message.get("seq");
    if (seqNode == null) {
      return;
    }
    long seq = seqNode.asLong();
    String key = user.name() + "/" + id;
    Long last = lastSeq.put(key, seq);
    if (last == null) {
      if (seq != 1 || !("result".equals(type) || "error".equals(type))) {
        violations.add(Property.SEQ_GAP, key + " started with " + type + " seq " + seq);
      }
    } else if (seq != last + 1) {
      violations.add(Property.SEQ_GAP, key + " seq " + last + " then " + seq + " (" + type + ")");
    }
  }

  @Override
  public void onDuplicate(Session session, String detail) {
    violations.add(Property.DUPLICATE_ROW, session.user().name() + ": " + detail);
  }

  private void checkRow(Actors.User user, Spec spec, JsonNode row, String type) {
    String tenant = Json.text(row, "tenant_id");
    if (!user.tenant().equals(tenant)) {
      violations.add(
          Property.FOREIGN_TENANT, user.name() + " got a row of tenant " + tenant + " in " + type);
      return;
    }
    if (spec.resource().equals("tickets")) {
      if (!TicketPolicy.visible(user, row)) {
        violations.add(
            Property.UNAUTHORIZED_ROW,
            user.name() + " (" + user.role() + ") got " + row + " in " + spec.name());
      }
      seenTickets.add(
          new SeenTicket(
              tenant,
              Json.text(row, "id"),
              Json.version(row),
              Json.text(row, "status"),
              Json.text(row, "assignee_id"),
              Json.text(row, "title")));
    } else if (spec.resource().equals("messages")) {
      String conversation = Json.text(row, "conversation_id");
      if (!conversation.equals(conversations.get(tenant))) {
        violations.add(
            Property.UNAUTHORIZED_ROW,
            user.name() + " got a message of conversation " + conversation);
      }
      if (user.name().startsWith("agent2-")) {
        seenByToggledMember.add(tenant + "/" + Json.text(row, "id"));
      }
    }
  }

  public Set<SeenTicket> seenTickets() {
    return Set.copyOf(seenTickets);
  }

  /** {@code tenant/messageId} of every message row the toggled member received. */
  public Set<String> seenByToggledMember() {
    return Set.copyOf(seenByToggledMember);
  }

  public long messages() {
    return messages.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  /** Subscription errors by code (each ends its subscription; counted, not judged). */
  public Map<String, Long> errorCodes() {
    return Map.copyOf(errorCodes);
  }

  public long subscriptionErrors() {
    return subscriptionErrors.get();
  }
}
