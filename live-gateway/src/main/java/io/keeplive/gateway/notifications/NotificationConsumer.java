package io.keeplive.gateway.notifications;

import io.keeplive.contracts.notification.NotificationCodec;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.refetch.CohortRegistry;
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
 * each decoded notification to the {@link CohortRegistry}.
 *
 * <p>Every gateway instance needs every notification (its sessions may belong to any tenant), so it
 * assigns all partitions itself: no consumer group, no rebalancing, no commits. Starting from the
 * end is correct because a session's first result comes from a fetch made after its subscription
 * was registered; earlier notifications could add nothing. Partitions added later are read from
 * their beginning. Partitions are positioned before the web server accepts connections (this
 * lifecycle starts in an earlier phase), so no notification after a subscription can be skipped.
 */
public final class NotificationConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotificationConsumer.class);
  private static final Duration PARTITION_REFRESH = Duration.ofSeconds(10);
  private static final Duration METRICS_REFRESH = Duration.ofSeconds(5);

  private final Map<String, Object> kafkaProperties;
  private final String topic;
  private final CohortRegistry registry;
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
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  public NotificationConsumer(
      Map<String, Object> kafkaProperties,
      String topic,
      CohortRegistry registry,
      GatewayListener listener,
      MeterRegistry meters,
      Duration startupWait) {
    this.kafkaProperties = kafkaProperties;
    this.topic = topic;
    this.registry = registry;
    this.listener = listener;
    this.meters = meters;
    this.startupWait = startupWait;
  }

  /** Whether the partitions are assigned and positioned (readiness). */
  public boolean isPositioned() {
    return positioned.getCount() == 0;
  }

  @Override
  public void start() {
    Map<String, Object> config = new HashMap<>(kafkaProperties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
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
    long nextRefresh = 0;
    try {
      while (running) {
        if (System.nanoTime() >= nextRefresh) {
          assigned = refreshAssignment(assigned);
          nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
        }
        if (assigned.isEmpty()) {
          Thread.sleep(200);
          continue;
        }
        var records = consumer.poll(Duration.ofMillis(200));
        if (metrics == null) {
          // Bound after the first fetch, when the per-partition lag metrics exist; rescanned
          // every few seconds for partitions added later.
          metrics = new KafkaClientMetrics(consumer, List.of(), metricsRefresher, METRICS_REFRESH);
          metrics.bindTo(meters);
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          onRecord(record.value());
        }
      }
    } catch (WakeupException e) {
      // stop() woke the poll up.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Notification consumer failed; this gateway no longer receives changes", e);
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      metricsRefresher.shutdownNow();
      consumer.close(Duration.ofSeconds(2));
    }
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
    // Resolve the positions now, so "the end" is fixed before sessions are accepted.
    for (TopicPartition partition : added) {
      consumer.position(partition, Duration.ofSeconds(10));
    }
    log.info("Reading notifications from {} partition(s) of {}", all.size(), topic);
    positioned.countDown();
    return all;
  }

  private void onRecord(byte[] value) {
    NotificationCodec.Decoded decoded = NotificationCodec.decode(value);
    if (decoded instanceof NotificationCodec.Decoded.Event event) {
      try {
        registry.onNotification(event.event());
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
