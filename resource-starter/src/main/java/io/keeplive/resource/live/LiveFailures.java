package io.keeplive.resource.live;

import io.keeplive.resource.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live API failure is counted (through the {@link LiveListener}) and logged, at most once per
 * reason per {@code interval} with the number of failures since: a misconfigured gateway or a
 * hostile caller would otherwise fill the log with one line per request, while silence would hide
 * that gateways are failing to refresh their sessions.
 */
public final class LiveFailures {

  private static final Logger log = LoggerFactory.getLogger(LiveFailures.class);

  private final LiveListener listener;
  private final Clock clock;
  private final long intervalMillis;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  public LiveFailures(LiveListener listener, Clock clock, Duration interval) {
    this.listener = listener;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** A call to {@code path} failed with {@code failure} (a problem, or anything unexpected). */
  public void failed(String path, Throwable failure) {
    if (failure instanceof ApiProblem problem) {
      failed(problem.code().name().toLowerCase(Locale.ROOT), path + ": " + problem.detail());
    } else {
      failed("internal", path + ": " + failure);
    }
  }

  /** One failure. {@code reason}: see {@link LiveListener#failed}; {@code detail}: for the log. */
  public void failed(String reason, String detail) {
    listener.failed(reason);
    Window window = windows.computeIfAbsent(reason, r -> new Window());
    long suppressed = window.admit(clock.millis(), intervalMillis);
    if (suppressed >= 0) {
      log.warn(
          "Live API failure ({}): {}{}",
          reason,
          detail,
          suppressed == 0 ? "" : " (" + suppressed + " more of this reason not logged)");
    }
  }

  /** The log window of one reason: when it last logged and how many it held back since. */
  private static final class Window {
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong held = new AtomicLong();

    /** The number held back since the last line, when this one is to be logged; else -1. */
    long admit(long now, long interval) {
      long last = lastLogged.get();
      if ((last == Long.MIN_VALUE || now - last >= interval)
          && lastLogged.compareAndSet(last, now)) {
        return held.getAndSet(0);
      }
      held.incrementAndGet();
      return -1;
    }
  }
}
