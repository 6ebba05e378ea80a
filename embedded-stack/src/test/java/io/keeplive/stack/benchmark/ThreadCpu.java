package io.keeplive.stack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads by thread pool, from {@code /proc/<pid>/task} (Linux): user and
 * system time, so a thread's system calls (socket writes, epoll) count where JFR's samples of Java
 * code do not see them. Threads are grouped by {@link #pool}: the kernel keeps 15 characters of a
 * thread's name, so Java names are cut the same way before grouping.
 */
public final class ThreadCpu {

  /** Clock ticks per second of {@code /proc} times; 100 on every Linux this runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ThreadCpu() {}

  /** CPU nanoseconds per pool of the threads alive now; ended threads' time is gone. */
  public static Map<String, Long> byPool(long pid) {
    Map<String, Long> pools = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          // Fields after the ")" that ends the name: utime is the 12th, stime the 13th.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          pools.merge(pool(name), ticks * NANOS_PER_TICK, Long::sum);
        } catch (IOException | RuntimeException threadEnded) {
          // A thread that ended between listing and reading has no time left to count.
        }
      }
    } catch (IOException noProcfs) {
      return Map.of();
    }
    return pools;
  }

  /** Total CPU nanoseconds of a process (all threads, alive or ended), or 0 if it is gone. */
  public static long ofProcess(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Per-pool difference {@code after - before}, for pools alive at the end. */
  public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new HashMap<>();
    after.forEach((pool, nanos) -> delta.put(pool, nanos - before.getOrDefault(pool, 0L)));
    return delta;
  }

  /**
   * The pool of a thread name: cut to the kernel's 15 characters, then without the trailing counter
   * ({@code reactor-http-nio-3} → {@code reactor-http-ni}, {@code C2 CompilerThread1} → {@code C2
   * CompilerThre}, {@code pool-3-thread-2} → {@code pool-thread}).
   */
  public static String pool(String threadName) {
    String name = threadName.length() > 15 ? threadName.substring(0, 15) : threadName;
    name = name.replaceAll("[-#_ ]?\\d+$", "").replaceAll("-\\d+-", "-");
    return name.isEmpty() ? threadName : name;
  }
}
