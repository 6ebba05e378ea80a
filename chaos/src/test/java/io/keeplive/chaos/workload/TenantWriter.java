package io.keeplive.chaos.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The random writes of one tenant, through the balancer, by users whose write policy allows them:
 * creates (retried with their Idempotency-Key until acknowledged), status changes, assignments,
 * deletions, messages, and adding/removing one agent to/from the tenant's conversation.
 */
public final class TenantWriter {

  private static final List<String> STATUSES = List.of("open", "in_progress", "closed");

  private final Actors.Tenant tenant;
  private final Rest rest;
  private final WriteLog log;
  private final Random random;
  private final List<String> tickets = new ArrayList<>();
  private String conversation;
  private boolean toggledIsMember;

  public TenantWriter(Actors.Tenant tenant, Rest rest, WriteLog log, long seed) {
    this.tenant = tenant;
    this.rest = rest;
    this.log = log;
    this.random = new Random(seed);
  }

  /** The conversation and the first tickets, before any client subscribes. */
  public void setUp(int initialTickets) {
    ObjectNode body = Json.object().put("title", "chaos room");
    body.putArray("member_ids").add(tenant.agent(1).name()).add(tenant.users().get(3).name());
    WriteLog.Write created =
        untilAcknowledged(tenant.admin(), "create_conversation", "/api/conversations", body);
    conversation = Json.text(created.row(), "id");
    for (int i = 0; i < initialTickets; i++) {
      createTicket();
    }
  }

  public String conversation() {
    return conversation;
  }

  public List<String> initialTickets() {
    return List.copyOf(tickets);
  }

  /** Writes until {@code stop} is set, pausing 200–900 ms between writes. */
  public void run(AtomicBoolean stop) {
    while (!stop.get()) {
      step();
      try {
        Thread.sleep(200 + random.nextInt(700));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void step() {
    int dice = random.nextInt(100);
    if (dice < 25 || tickets.size() < 3) {
      createTicket();
    } else if (dice < 50) {
      updateStatus();
    } else if (dice < 68) {
      assign();
    } else if (dice < 73 && tickets.size() > 15) {
      delete();
    } else if (dice < 93) {
      postMessage();
    } else {
      toggleMembership();
    }
  }

  private void createTicket() {
    Actors.User actor = anyUser();
    ObjectNode body = Json.object().put("title", "t" + random.nextInt(1_000_000));
    int assignee = random.nextInt(3);
    if (assignee > 0 && !actor.role().equals("viewer")) {
      body.put("assignee_id", tenant.agent(assignee).name());
    }
    WriteLog.Write write = untilAcknowledged(actor, "create_ticket", "/api/tickets", body);
    if (write != null) {
      tickets.add(Json.text(write.row(), "id"));
    }
  }

  private void updateStatus() {
    String id = anyTicket();
    ObjectNode body = Json.object().put("status", STATUSES.get(random.nextInt(STATUSES.size())));
    once(tenant.admin(), "update_ticket", id, "PATCH", "/api/tickets/" + id, body);
  }

  private void assign() {
    String id = anyTicket();
    ObjectNode body = Json.object().put("assignee_id", tenant.agent(1 + random.nextInt(2)).name());
    once(tenant.admin(), "assign_ticket", id, "POST", "/api/tickets/" + id + "/assign", body);
  }

  private void delete() {
    String id = tickets.remove(random.nextInt(tickets.size()));
    once(tenant.admin(), "delete_ticket", id, "DELETE", "/api/tickets/" + id, null);
  }

  private void postMessage() {
    Actors.User author = random.nextBoolean() ? tenant.admin() : tenant.agent(1);
    ObjectNode body = Json.object().put("body", "m" + random.nextInt(1_000_000));
    once(
        author,
        "create_message",
        null,
        "POST",
        "/api/conversations/" + conversation + "/messages",
        body);
  }

  private void toggleMembership() {
    String member = tenant.toggledMember().name();
    WriteLog.Write write;
    if (toggledIsMember) {
      write =
          once(
              tenant.admin(),
              "remove_member",
              conversation,
              "DELETE",
              "/api/conversations/" + conversation + "/members/" + member,
              null);
    } else {
      write =
          once(
              tenant.admin(),
              "add_member",
              conversation,
              "POST",
              "/api/conversations/" + conversation + "/members",
              Json.object().put("user_id", member));
    }
    if (write.acknowledged()) {
      toggledIsMember = !toggledIsMember;
    }
  }

  private WriteLog.Write once(
      Actors.User actor, String kind, String recordId, String method, String path, JsonNode body) {
    long sent = System.nanoTime();
    Rest.Answer answer = rest.send(actor, method, path, body, Map.of());
    JsonNode row = answer.ok() ? answer.body() : null;
    String id = recordId != null ? recordId : Json.text(row, "id");
    WriteLog.Write write =
        new WriteLog.Write(
            tenant.id(), kind, id, actor.name(), sent, System.nanoTime(), answer.status(), row);
    log.add(write);
    return write;
  }

  /**
   * A create with an Idempotency-Key, retried with the same key until it is acknowledged (at most
   * 20 attempts); every attempt is logged, so an unknown outcome stays visible to the checker.
   */
  private WriteLog.Write untilAcknowledged(
      Actors.User actor, String kind, String path, JsonNode body) {
    String key = UUID.randomUUID().toString();
    for (int attempt = 0; attempt < 20; attempt++) {
      long sent = System.nanoTime();
      Rest.Answer answer = rest.send(actor, "POST", path, body, Map.of("Idempotency-Key", key));
      JsonNode row = answer.ok() ? answer.body() : null;
      WriteLog.Write write =
          new WriteLog.Write(
              tenant.id(),
              kind,
              Json.text(row, "id"),
              actor.name(),
              sent,
              System.nanoTime(),
              answer.status(),
              row);
      log.add(write);
      if (answer.ok() || !answer.uncertain()) {
        return answer.ok() ? write : null;
      }
      try {
        Thread.sleep(250L * (attempt + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private String anyTicket() {
    return tickets.get(random.nextInt(tickets.size()));
  }

  private Actors.User anyUser() {
    return tenant.users().get(random.nextInt(tenant.users().size()));
  }
}
