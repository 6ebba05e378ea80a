package io.keeplive.chaos.check;

import io.keeplive.chaos.workload.Actors;
import io.keeplive.chaos.workload.Json;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The tickets read policy of SPEC §2, written from the SPEC and not from the code: admin sees every
 * ticket of the tenant; an agent sees tickets assigned to them, unassigned ones and ones they
 * created; a viewer sees tickets they created. It depends on the row's content only, so a row a
 * client received can be judged on its own.
 */
public final class TicketPolicy {

  private TicketPolicy() {}

  public static boolean visible(Actors.User user, JsonNode row) {
    String assignee = Json.text(row, "assignee_id");
    String creator = Json.text(row, "created_by");
    return switch (user.role()) {
      case "admin" -> true;
      case "agent" ->
          assignee == null
              || Objects.equals(assignee, user.name())
              || Objects.equals(creator, user.name());
      case "viewer" -> Objects.equals(creator, user.name());
      default -> false;
    };
  }
}
