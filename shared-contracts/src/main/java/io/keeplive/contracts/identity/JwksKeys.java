package io.keeplive.contracts.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import io.keeplive.contracts.retry.Backoff;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a JWKS endpoint, held in memory and fetched by a background thread only.
 *
 * <p>Verifying runs on the services' event loops (a WebSocket frame, a REST request); a fetch there
 * would stall every connection of that loop for as long as the endpoint takes. So {@link #get} only
 * reads the keys in memory. They are fetched once at start (the constructor waits a bounded time
 * for it, on the starting thread), then every refresh interval, ahead of the moment they would be
 * stale. A token whose key is not known yet (a key rotated in since the last fetch) asks for an
 * early fetch, at most one per {@code minGapBetweenFetches}; that token is refused, and the
 * client's retry finds the key. A failed fetch keeps the keys it had (an outage of the endpoint
 * does not lock everybody out) and is retried with the jittered {@link Backoff}, logged once per
 * outage.
 *
 * <p>Every fetch that drops a key the previous set had moves the {@linkplain #trustEpoch() trust
 * epoch}, which is how remembered verifications ({@link CachingTokenVerifier}) learn that a key
 * they relied on may be gone.
 */
final class JwksKeys implements JWKSource<SecurityContext>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

  /** Largest JWKS document read; a real one is a few KiB. */
  private static final int MAX_DOCUMENT_BYTES = 512 * 1024;

  private final URL url;
  private final Duration refreshInterval;
  private final Duration minGapBetweenFetches;
  private final DefaultResourceRetriever retriever;
  private final ScheduledExecutorService refresher;
  private final Backoff retryBackoff;
  private final AtomicBoolean earlyFetchPending = new AtomicBoolean();
  private final AtomicLong trustEpoch = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private volatile JWKSet keys = new JWKSet();
  private volatile long lastFetchNanos = System.nanoTime();
  private volatile boolean failing;

  JwksKeys(URL url, Duration refreshInterval, Duration minGapBetweenFetches, Duration timeout) {
    this.url = url;
    this.refreshInterval = refreshInterval;
    this.minGapBetweenFetches = minGapBetweenFetches;
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.retriever = new DefaultResourceRetriever(millis, millis, MAX_DOCUMENT_BYTES);
    this.retryBackoff =
        Backoff.exponential(
            Duration.ofMillis(200), max(Duration.ofMillis(200), refreshInterval.dividedBy(2)));
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "keeplive-jwks-refresh");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.refresher = executor;
    CountDownLatch first = new CountDownLatch(1);
    refresher.execute(
        () -> {
          try {
            refresh();
          } finally {
            first.countDown();
          }
        });
    try {
      // Bounded: a JWKS endpoint that is down must not keep the service from starting.
      first.await(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    List<JWK> matches = selector.select(keys);
    if (matches.isEmpty()) {
      requestEarlyFetch();
    }
    return matches;
  }

  /** Moves whenever a fetch finds that a key of the previous set is gone. */
  long trustEpoch() {
    return trustEpoch.get();
  }

  /** Successful and failed fetches so far (tests wait on it). */
  long fetches() {
    return fetches.get();
  }

  private void requestEarlyFetch() {
    if (System.nanoTime() - lastFetchNanos < minGapBetweenFetches.toNanos()) {
      return;
    }
    if (earlyFetchPending.compareAndSet(false, true)) {
      try {
        refresher.execute(
            () -> {
              earlyFetchPending.set(false);
              refreshOnce();
            });
      } catch (RuntimeException e) {
        // Closed: nothing to fetch for any more.
        earlyFetchPending.set(false);
      }
    }
  }

  /** A fetch, then the next one scheduled: after the interval, or sooner after a failure. */
  private void refresh() {
    boolean ok = refreshOnce();
    Duration next = ok ? refreshInterval : retryBackoff.next();
    if (ok) {
      retryBackoff.reset();
    }
    if (!refresher.isShutdown()) {
      refresher.schedule(this::refresh, next.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private boolean refreshOnce() {
    lastFetchNanos = System.nanoTime();
    try {
      Resource resource = retriever.retrieveResource(url);
      JWKSet fetched = JWKSet.parse(resource.getContent());
      replace(fetched);
      if (failing) {
        log.info("JWKS {} answers again ({} keys)", url, fetched.size());
        failing = false;
      }
      return true;
    } catch (IOException | ParseException | RuntimeException e) {
      if (!failing) {
        // Once per outage: the retries that follow would repeat it every few seconds.
        log.warn("Fetching the JWKS {} failed; keeping the {} keys known", url, keys.size(), e);
        failing = true;
      }
      return false;
    } finally {
      fetches.incrementAndGet();
    }
  }

  private void replace(JWKSet fetched) {
    Set<String> now = new HashSet<>();
    for (JWK key : fetched.getKeys()) {
      now.add(identityOf(key));
    }
    boolean dropped = false;
    for (JWK key : keys.getKeys()) {
      dropped |= !now.contains(identityOf(key));
    }
    // Keys first, epoch second: a verifier that sees the new epoch also sees the new keys.
    keys = fetched;
    if (dropped) {
      trustEpoch.incrementAndGet();
    }
  }

  /** A key is the same key when its id and its public material are. */
  private static String identityOf(JWK key) {
    return key.getKeyID() + "|" + key.toPublicJWK().toJSONString();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
