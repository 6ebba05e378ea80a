package io.keeplive.gateway.notifications;

import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.contracts.retry.Backoff;
import io.keeplive.gateway.metrics.GatewayListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads every partition of the notifications topic from its end, on one dedicated thread, and hands
 * each decoded notification to its {@link NotificationSink} (the cohort registry).
 *
 * <p>Every gateway instance needs every notification (its sessions may belong to any tenant), so it
 * assigns all partitions itself: no consumer group, no rebalancing, no commits. Starting from the
 * end is correct because a session's first result comes from a fetch made after its subscription
 * was registered; earlier notifications could add nothing. Partitions added later are read from
 * their beginning. Partitions are positioned before the web server accepts connections (this
 * lifecycle starts in an earlier phase), so no notification after a subscription can be skipped.
 *
 * <p>Failures never end the thread: a failed step is retried with backoff (positions do not move,
 * so nothing is skipped), and the health indicator reports the consumer out of service once it has
 * been failing for {@link #UNHEALTHY_AFTER}. Where notifications are lost to this instance all the
 * same, the sink is told to read every view afresh ({@link NotificationSink#skipped}), after the
 * new positions are fixed: when Kafka deleted records before they were read (retention, deleted
 * records, a truncated log; the consumer runs with {@code auto.offset.reset=none} so that this is
 * an exception, not a silent jump to the end), and when sessions were accepted before the first
 * positions were fixed (the startup wait ran out).
 */
public final class NotificationConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotificationConsumer.class);
  private static final Duration METRICS_REFRESH = Duration.ofSeconds(5);
  private static final Duration RETRY_MIN = Duration.ofMillis(200);
  private static final Duration RETRY_MAX = Duration.ofSeconds(5);

  /** How long reading may keep failing before readiness reports the consumer out of service. */
  static final Duration UNHEALTHY_AFTER = Duration.ofSeconds(10);

  private final Map<String, Object> kafkaProperties;
  private final String topic;
  private final NotificationSink sink;
  private final GatewayListener listener;
  private final MeterRegistry meters;
  private final Duration startupWait;
  private final Partitions partitions;
  private final ScheduledExecutorService metricsRefresher =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "keeplive-kafka-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean running;
  // System.nanoTime() when the current run of failures began; 0 while reading works.
  private volatile long failingSince;
  private volatile String lastFailure;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  public NotificationConsumer(
      Map<String, Object> kafkaProperties,
      String topic,
      NotificationSink sink,
      GatewayListener listener,
      MeterRegistry meters,
      Duration startupWait) {
    this.kafkaProperties = kafkaProperties;
    this.topic = topic;
    this.sink = sink;
    this.listener = listener;
    this.meters = meters;
    this.startupWait = startupWait;
    this.partitions = new Partitions(topic, sink);
  }

  /** Whether the partitions are assigned and positioned. */
  public boolean isPositioned() {
    return partitions.isPositioned();
  }

  /**
   * Readiness: positioned, the thread alive, and not failing for longer than {@link
   * #UNHEALTHY_AFTER}. A gateway that cannot read notifications would serve stale views.
   */
  public boolean isHealthy() {
    return trouble() == null;
  }

  /** Why the consumer is not healthy, or {@code null} when it is. */
  public String trouble() {
    if (!isPositioned()) {
      return "notification topic not readable";
    }
    if (thread == null || !thread.isAlive()) {
      return "notification consumer stopped";
    }
    long since = failingSince;
    if (since != 0 && System.nanoTime() - since >= UNHEALTHY_AFTER.toNanos()) {
      return "reading notifications has failed for "
          + Duration.ofNanos(System.nanoTime() - since).toSeconds()
          + " s: "
          + lastFailure;
    }
    return null;
  }

  @Override
  public void start() {
    Map<String, Object> config = new HashMap<>(kafkaProperties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Positions are always set explicitly; one that fell off the log must surface (see above).
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    config.putIfAbsent(
        ConsumerConfig.CLIENT_ID_CONFIG, "keeplive-gateway-" + ProcessHandleId.next());
    consumer = new KafkaConsumer<>(config);
    running = true;
    thread = new Thread(this::loop, "keeplive-notifications");
    thread.setDaemon(true);
    thread.start();
    try {
      if (!partitions.awaitPositioned(startupWait)) {
        // Sessions accepted from now on may fetch before the positions are fixed; the first
        // positioning then reads every view again.
        partitions.servingUnpositioned();
        log.warn(
            "Topic {} not readable within {}; serving anyway, notifications start when it is",
            topic,
            startupWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    KafkaClientMetrics metrics = null;
    // Jittered, so that gateways that lost Kafka together do not retry together.
    Backoff retry = Backoff.exponential(RETRY_MIN, RETRY_MAX);
    try {
      while (running) {
        try {
          if (!partitions.prepare(consumer)) {
            Thread.sleep(RETRY_MIN.toMillis());
            continue;
          }
          var records = consumer.poll(Duration.ofMillis(200));
          if (metrics == null) {
            // Bound after the first fetch, when the per-partition lag metrics exist; rescanned
            // every few seconds for partitions added later.
            metrics =
                new KafkaClientMetrics(consumer, List.of(), metricsRefresher, METRICS_REFRESH);
            metrics.bindTo(meters);
          }
          for (ConsumerRecord<byte[], byte[]> record : records) {
            onRecord(record.value());
          }
          // A successful poll has fixed every position: a known gap can be made good now.
          partitions.readEverythingIfSkipped();
          retry.reset();
          failingSince = 0;
        } catch (InvalidOffsetException e) {
          // Handled at the top of the next round, where a failure to seek is retried like any.
          partitions.gap(e.partitions());
          listener.consumerTrouble(GatewayListener.ConsumerTrouble.GAP);
          log.warn(
              "Notifications of {} left the log before this gateway read them; every view is read"
                  + " again",
              e.partitions());
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          Thread.sleep(failed(e, retry).toMillis());
        }
      }
    } catch (WakeupException e) {
      // stop() woke the poll up.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      metricsRefresher.shutdownNow();
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /**
   * Records a failed step for the health check and the metric; returns the wait before retrying.
   */
  private Duration failed(RuntimeException e, Backoff retry) {
    Duration wait = retry.next();
    if (failingSince == 0) {
      failingSince = System.nanoTime();
      log.warn("Reading notifications failed; retrying with backoff", e);
    } else {
      log.debug("Reading notifications failed again ({} in a row)", retry.failures(), e);
    }
    lastFailure = e.toString();
    listener.consumerTrouble(GatewayListener.ConsumerTrouble.FAILURE);
    return wait;
  }

  private void onRecord(byte[] value) {
    NotificationCodec.Decoded decoded = NotificationCodec.decode(value);
    if (decoded instanceof NotificationCodec.Decoded.Event event) {
      try {
        sink.notified(event.event());
      } catch (RuntimeException e) {
        log.error("Matching notification {} failed", event.event().id(), e);
      }
    } else if (decoded instanceof NotificationCodec.Decoded.Malformed malformed) {
      listener.notification(GatewayListener.NotificationOutcome.MALFORMED);
      log.debug("Skipping malformed notification: {}", malformed.reason());
    }
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts before the web server (which starts near {@code DEFAULT_PHASE - 2048}). */
  @Override
  public int getPhase() {
    return 0;
  }

  /** Distinct client ids for several gateways in one JVM (embedded stack, tests). */
  private static final class ProcessHandleId {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static String next() {
      return ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }
  }
}
