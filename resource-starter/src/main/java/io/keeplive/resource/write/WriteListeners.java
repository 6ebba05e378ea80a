package io.keeplive.resource.write;

import io.keeplive.resource.problem.ProblemCode;
import java.util.List;

/** Several {@link WriteListener}s as one, each told everything, in order. */
public final class WriteListeners implements WriteListener {

  private final List<WriteListener> listeners;

  public WriteListeners(List<WriteListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void committed(String resource, String action, int records) {
    listeners.forEach(l -> l.committed(resource, action, records));
  }

  @Override
  public void refused(String resource, String action, ProblemCode code) {
    listeners.forEach(l -> l.refused(resource, action, code));
  }

  @Override
  public void idempotencyKeysPurged(long rows) {
    listeners.forEach(l -> l.idempotencyKeysPurged(rows));
  }

  @Override
  public void idempotencyPurgeFailed() {
    listeners.forEach(WriteListener::idempotencyPurgeFailed);
  }
}
