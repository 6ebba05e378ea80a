package io.keeplive.chaos.live;

import io.keeplive.chaos.workload.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * One subscription a session keeps across reconnects: its name, the subscribe message (without
 * {@code id}) and the REST path that answers the same query for the same user.
 */
public record Spec(String name, ObjectNode subscribe, String restPath, boolean ordered) {

  public boolean streamMode() {
    return "stream".equals(Json.text(subscribe, "mode"));
  }

  public boolean isRecord() {
    return subscribe.has("key");
  }

  public String resource() {
    return Json.text(subscribe, "resource");
  }
}
