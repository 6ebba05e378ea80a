package io.keeplive.chaos.faults;

import io.keeplive.chaos.cluster.LocalCluster;
import io.keeplive.chaos.cluster.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a schedule to a running cluster with real signals: each fault starts at its time on a
 * thread of its own (so two faults overlap for real), and heals after its length.
 */
public final class FaultInjector {

  private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

  /** A fault as it happened: when it began and healed, in ms after the run started. */
  public record Applied(Fault fault, long beganMillis, long healedMillis, String problem) {}

  private final LocalCluster cluster;
  private final List<Applied> applied = new CopyOnWriteArrayList<>();
  // One fault per process at a time, for real: a fault waits until the previous one on the same
  // process healed (a restart can take longer on a loaded machine than the schedule assumed).
  private final Map<String, ReentrantLock> busy = new ConcurrentHashMap<>();

  public FaultInjector(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** Runs the whole schedule; returns when every fault has healed. */
  public List<Applied> run(List<Fault> schedule, long runStartNanos) {
    List<Thread> threads = new ArrayList<>();
    for (Fault fault : schedule) {
      Thread thread = new Thread(() -> apply(fault, runStartNanos), "fault-" + fault.target());
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return List.copyOf(applied);
  }

  private void apply(Fault fault, long runStartNanos) {
    sleepUntil(runStartNanos, fault.startMillis());
    ReentrantLock lock = busy.computeIfAbsent(fault.target(), t -> new ReentrantLock(true));
    lock.lock();
    long began = millisSince(runStartNanos);
    String problem = null;
    try {
      begin(fault);
      sleepUntil(runStartNanos, began + fault.lengthMillis());
      heal(fault);
    } catch (RuntimeException e) {
      problem = e.getMessage();
      log.warn("fault {} did not apply or heal cleanly", fault, e);
    } finally {
      lock.unlock();
    }
    applied.add(new Applied(fault, began, millisSince(runStartNanos), problem));
    log.info("fault {} healed", fault.label());
  }

  private void begin(Fault fault) {
    ManagedProcess process = cluster.process(fault.target());
    log.info("fault {} on {} for {} ms", fault.label(), fault.target(), fault.lengthMillis());
    switch (fault.kind()) {
      case KILL -> process.kill();
      case STOP -> process.stop("TERM", Duration.ofSeconds(40));
      case PAUSE -> process.signal("STOP");
      case RESTART_KAFKA, RESTART_BALANCER -> process.stop("TERM", Duration.ofSeconds(30));
      case RESTART_POSTGRES -> process.stop("INT", Duration.ofSeconds(30));
    }
  }

  private void heal(Fault fault) {
    if (fault.kind() == Fault.Kind.PAUSE) {
      cluster.process(fault.target()).signal("CONT");
    } else {
      cluster.restart(fault.target());
    }
  }

  private static void sleepUntil(long runStartNanos, long millis) {
    long wait = millis - millisSince(runStartNanos);
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
