package io.keeplive.gateway.notifications;

import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.gateway.metrics.GatewayListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
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
  private static final Duration PARTITION_REFRESH = Duration.ofSeconds(10);
  private static final Duration UNREADABLE_REFRESH = Duration.ofSeconds(1);
  private static final Duration METRICS_REFRESH = Duration.ofSeconds(5);
  private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);
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
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final ScheduledExecutorService metricsRefresher =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "keeplive-kafka-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean running;
  private volatile boolean servingUnpositioned;
  // System.nanoTime() when the current run of failures began; 0 while reading works.
  private volatile long failingSince;
  private volatile String lastFailure;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;
  // Consumer thread only: a gap is known and every view must be read once positions are fixed.
  private boolean skippedPending;

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
  }

  /** Whether the partitions are assigned and positioned. */
  public boolean isPositioned() {
    return positioned.getCount() == 0;
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
      if (!positioned.await(startupWait.toMillis(), TimeUnit.MILLISECONDS)) {
        // Sessions accepted from now on may fetch before the positions are fixed; the first
        // positioning then reads every view again (refreshAssignment).
        servingUnpositioned = true;
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
    Set<TopicPartition> assigned = new HashSet<>();
    long nextRefresh = System.nanoTime();
    int failures = 0;
    Set<TopicPartition> gap = Set.of();
    try {
      while (running) {
        try {
          if (!gap.isEmpty()) {
            skipToEnd(gap);
            gap = Set.of();
          }
          if (System.nanoTime() - nextRefresh >= 0) {
            assigned = refreshAssignment(assigned);
            // Until the topic is readable, look again soon: nothing is pushed before.
            nextRefresh =
                System.nanoTime()
                    + (assigned.isEmpty() ? UNREADABLE_REFRESH : PARTITION_REFRESH).toNanos();
          }
          if (assigned.isEmpty()) {
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
          readEverythingIfSkipped();
          failures = 0;
          failingSince = 0;
        } catch (InvalidOffsetException e) {
          // Handled at the top of the next round, where a failure to seek is retried like any.
          gap = e.partitions();
          skippedPending = true;
          listener.consumerTrouble(GatewayListener.ConsumerTrouble.GAP);
          log.warn(
              "Notifications of {} left the log before this gateway read them; every view is read"
                  + " again",
              gap);
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          failures++;
          if (failingSince == 0) {
            failingSince = System.nanoTime();
            log.warn("Reading notifications failed; retrying with backoff", e);
          } else {
            log.debug("Reading notifications failed again ({} in a row)", failures, e);
          }
          lastFailure = e.toString();
          listener.consumerTrouble(GatewayListener.ConsumerTrouble.FAILURE);
          Thread.sleep(backoff(failures).toMillis());
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

  private static Duration backoff(int failures) {
    long millis = RETRY_MIN.toMillis() << Math.min(failures - 1, 10);
    return Duration.ofMillis(Math.min(millis, RETRY_MAX.toMillis()));
  }

  private Set<TopicPartition> refreshAssignment(Set<TopicPartition> assigned) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("Cannot list partitions of {}: {}", topic, e.toString());
      return assigned;
    }
    if (infos == null || infos.isEmpty()) {
      return assigned;
    }
    Set<TopicPartition> all = new HashSet<>();
    for (PartitionInfo info : infos) {
      all.add(new TopicPartition(topic, info.partition()));
    }
    if (all.equals(assigned)) {
      return assigned;
    }
    List<TopicPartition> added = new ArrayList<>(all);
    added.removeAll(assigned);
    consumer.assign(all);
    if (assigned.isEmpty()) {
      consumer.seekToEnd(added);
    } else {
      consumer.seekToBeginning(added);
    }
    // Resolve the positions now, so "the end" is fixed before sessions are accepted. Should this
    // fail, the loop retries the whole step: the seeks are repeated, nothing is assumed.
    for (TopicPartition partition : added) {
      consumer.position(partition, POSITION_TIMEOUT);
    }
    log.info("Reading notifications from {} partition(s) of {}", all.size(), topic);
    if (assigned.isEmpty() && servingUnpositioned) {
      skippedPending = true;
    }
    positioned.countDown();
    readEverythingIfSkipped();
    return all;
  }

  /**
   * Records of {@code partitions} were deleted before this instance read them: continue from the
   * end and read every view afresh once that end is fixed.
   */
  private void skipToEnd(Set<TopicPartition> partitions) {
    consumer.seekToEnd(partitions);
    for (TopicPartition partition : partitions) {
      consumer.position(partition, POSITION_TIMEOUT);
    }
    readEverythingIfSkipped();
  }

  /** The flag is cleared only once the sink took it: a sink that failed is asked again. */
  private void readEverythingIfSkipped() {
    if (skippedPending) {
      sink.skipped();
      skippedPending = false;
    }
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
    private static final java.util.concurrent.atomic.AtomicInteger COUNTER =
        new java.util.concurrent.atomic.AtomicInteger();

    static String next() {
      return ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }
  }
}
