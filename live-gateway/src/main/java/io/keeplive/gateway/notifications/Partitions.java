package io.keeplive.gateway.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition bookkeeping of the {@link NotificationConsumer}: which partitions of the topic are
 * assigned, where reading starts in each, whether the first positions are fixed, and whether a gap
 * means every view must be read again.
 *
 * <p>Invariants: the first assignment starts at the end of every partition, partitions added later
 * at their beginning; positions are resolved before {@link #isPositioned()} turns true, so "the
 * end" is fixed before sessions are accepted. A known gap ({@link #gap}, or sessions served before
 * the first positioning) is made good by {@link NotificationSink#skipped} only once the new
 * positions are fixed, and forgotten only once the sink took it.
 *
 * <p>Confined to the consumer thread, except {@link #isPositioned()}, {@link #awaitPositioned} and
 * {@link #servingUnpositioned()}.
 */
final class Partitions {

  private static final Logger log = LoggerFactory.getLogger(Partitions.class);
  private static final Duration PARTITION_REFRESH = Duration.ofSeconds(10);
  private static final Duration UNREADABLE_REFRESH = Duration.ofSeconds(1);
  private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

  private final String topic;
  private final NotificationSink sink;
  private final CountDownLatch positioned = new CountDownLatch(1);
  private volatile boolean servingUnpositioned;
  private Set<TopicPartition> assigned = new HashSet<>();
  private Set<TopicPartition> gap = Set.of();
  private long nextRefresh = System.nanoTime();
  // A gap is known and every view must be read once positions are fixed.
  private boolean skippedPending;

  Partitions(String topic, NotificationSink sink) {
    this.topic = topic;
    this.sink = sink;
  }

  boolean isPositioned() {
    return positioned.getCount() == 0;
  }

  /** Waits for the first positions; returns whether they were fixed within {@code wait}. */
  boolean awaitPositioned(Duration wait) throws InterruptedException {
    return positioned.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Sessions are accepted before the first positions are fixed (the startup wait ran out): they may
   * fetch before them, so the first positioning reads every view again.
   */
  void servingUnpositioned() {
    servingUnpositioned = true;
  }

  /** Records of {@code partitions} were deleted before this instance read them. */
  void gap(Set<TopicPartition> partitions) {
    gap = partitions;
    skippedPending = true;
  }

  /**
   * Brings the positions up to date before a poll: skips a known gap to the end, and looks for new
   * partitions when due. Returns whether any partition is assigned (nothing can be polled before).
   */
  boolean prepare(Consumer<byte[], byte[]> consumer) {
    if (!gap.isEmpty()) {
      skipToEnd(consumer, gap);
      gap = Set.of();
    }
    if (System.nanoTime() - nextRefresh >= 0) {
      refreshAssignment(consumer);
      // Until the topic is readable, look again soon: nothing is pushed before.
      nextRefresh =
          System.nanoTime()
              + (assigned.isEmpty() ? UNREADABLE_REFRESH : PARTITION_REFRESH).toNanos();
    }
    return !assigned.isEmpty();
  }

  private void refreshAssignment(Consumer<byte[], byte[]> consumer) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("Cannot list partitions of {}: {}", topic, e.toString());
      return;
    }
    if (infos == null || infos.isEmpty()) {
      return;
    }
    Set<TopicPartition> all = new HashSet<>();
    for (PartitionInfo info : infos) {
      all.add(new TopicPartition(topic, info.partition()));
    }
    if (all.equals(assigned)) {
      return;
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
    assigned = all;
  }

  /** Continue from the end and read every view afresh once that end is fixed. */
  private void skipToEnd(Consumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
    consumer.seekToEnd(partitions);
    for (TopicPartition partition : partitions) {
      consumer.position(partition, POSITION_TIMEOUT);
    }
    readEverythingIfSkipped();
  }

  /**
   * A successful poll has fixed every position: a known gap can be made good now. The flag is
   * cleared only once the sink took it: a sink that failed is asked again.
   */
  void readEverythingIfSkipped() {
    if (skippedPending) {
      sink.skipped();
      skippedPending = false;
    }
  }
}
