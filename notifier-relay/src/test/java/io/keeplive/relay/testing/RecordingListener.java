package io.keeplive.relay.testing;

import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.relay.observability.RelayErrorKind;
import io.keeplive.relay.observability.RelayListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps what the relay reported. */
public final class RecordingListener implements RelayListener {

  public final AtomicLong published = new AtomicLong();
  public final AtomicInteger shardsOwned = new AtomicInteger();
  public final List<RelayErrorKind> errors = new CopyOnWriteArrayList<>();
  public final AtomicLong backlogRows = new AtomicLong(-1);

  @Override
  public void published(ResourceChanged event, Duration latency) {
    published.incrementAndGet();
  }

  @Override
  public void failed(RelayErrorKind kind, Throwable cause) {
    errors.add(kind);
  }

  @Override
  public void shardsOwned(int shards) {
    shardsOwned.set(shards);
  }

  @Override
  public void backlog(long rows, Duration oldestAge) {
    backlogRows.set(rows);
  }
}
