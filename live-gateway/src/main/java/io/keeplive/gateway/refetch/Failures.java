package io.keeplive.gateway.refetch;

import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.metrics.GatewayListener.RefetchFailure;
import io.keeplive.gateway.refetch.internal.HttpLiveApi;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Exceptions;

/**
 * Failures of refetches, plans and live API calls are never silent: each one is counted with its
 * reason ({@code keeplive_gateway_refetch_failures_total{reason}}) and logged. Logging is
 * rate-limited per reason — the first failure of a reason is logged at once, then at most one per
 * {@link #LOG_INTERVAL} with the number left unlogged in between — because a resource-service
 * outage fails every cohort of every gateway at once, and a log line per failure would bury the one
 * line that says what happened.
 *
 * <p>Thread-safe and lock-free: called from event loops and the refetch scheduler.
 */
public final class Failures {

  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  /** Least time between two logged failures of one reason. */
  public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private final GatewayListener listener;
  private final LongSupplier nanoClock;
  private final Map<RefetchFailure, Window> windows = new EnumMap<>(RefetchFailure.class);

  /** The log state of one reason: when the next line may be written, and what was not logged. */
  private static final class Window {
    final AtomicLong nextLogNanos;
    final AtomicLong unlogged = new AtomicLong();

    Window(long now) {
      nextLogNanos = new AtomicLong(now);
    }
  }

  public Failures(GatewayListener listener) {
    this(listener, System::nanoTime);
  }

  Failures(GatewayListener listener, LongSupplier nanoClock) {
    this.listener = listener;
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    for (RefetchFailure reason : RefetchFailure.values()) {
      windows.put(reason, new Window(now));
    }
  }

  /** Why a live API call failed, from the error of its {@code Mono}. */
  public static RefetchFailure reasonOf(Throwable error) {
    Throwable e = Exceptions.unwrap(error);
    if (e instanceof TimeoutException) {
      return RefetchFailure.TIMEOUT;
    }
    if (e instanceof HttpLiveApi.UnavailableException unavailable) {
      return "service_unauthorized".equals(unavailable.reason())
          ? RefetchFailure.SERVICE_UNAUTHORIZED
          : RefetchFailure.SERVER_ERROR;
    }
    if (e instanceof WebClientRequestException || e instanceof IOException) {
      return RefetchFailure.UNAVAILABLE;
    }
    if (e instanceof DataBufferLimitException) {
      return RefetchFailure.BAD_ANSWER;
    }
    return RefetchFailure.INTERNAL;
  }

  /** A live API call of {@code what} failed with {@code error}. */
  public void failed(String what, Throwable error) {
    record(reasonOf(error), what, error);
  }

  /**
   * Counts a failure and logs it unless one of the same reason was logged within {@link
   * #LOG_INTERVAL}.
   *
   * @param what what failed, for the log (e.g. "refetch of tickets {...}"); never row contents
   * @param error the cause, or {@code null}
   */
  public void record(RefetchFailure reason, String what, Throwable error) {
    listener.refetchFailed(reason);
    Window window = windows.get(reason);
    long now = nanoClock.getAsLong();
    long next = window.nextLogNanos.get();
    if (now - next < 0 || !window.nextLogNanos.compareAndSet(next, now + LOG_INTERVAL.toNanos())) {
      window.unlogged.incrementAndGet();
      return;
    }
    long unlogged = window.unlogged.getAndSet(0);
    String detail = error == null ? "" : ": " + Exceptions.unwrap(error);
    if (reason == RefetchFailure.INTERNAL) {
      log.error(
          "{} failed ({}){} [{} more {} failure(s) not logged]",
          what,
          reason.tag(),
          detail,
          unlogged,
          reason.tag(),
          error);
    } else {
      log.warn(
          "{} failed ({}){} [{} more {} failure(s) not logged]",
          what,
          reason.tag(),
          detail,
          unlogged,
          reason.tag());
    }
  }
}
