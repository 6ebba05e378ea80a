package io.keeplive.chaos.workload;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** Every write the workload attempted, with its outcome as the client saw it. */
public final class WriteLog {

  /**
   * One write. {@code status} 2xx: acknowledged; 4xx: refused (nothing written); 0 or 5xx: the
   * outcome is unknown. {@code row} is the acknowledged answer's row, if any.
   */
  public record Write(
      String tenant,
      String kind,
      String recordId,
      String actor,
      long sentNanos,
      long answeredNanos,
      int status,
      JsonNode row) {

    public boolean acknowledged() {
      return status >= 200 && status < 300;
    }

    public boolean uncertain() {
      return status == 0 || status >= 500;
    }

    /** Whether the write may have been applied (acknowledged or unknown). */
    public boolean mayHaveHappened() {
      return acknowledged() || uncertain();
    }
  }

  private final List<Write> writes = new CopyOnWriteArrayList<>();

  public void add(Write write) {
    writes.add(write);
  }

  public List<Write> all() {
    return List.copyOf(writes);
  }

  public List<Write> of(String tenant) {
    return writes.stream().filter(w -> w.tenant().equals(tenant)).toList();
  }

  public long acknowledged() {
    return writes.stream().filter(Write::acknowledged).count();
  }
}
