package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.benchmark.Component;
import io.keeplive.stack.benchmark.LinePlotSvg;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.BenchmarkJson;
import io.keeplive.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Cohort refetch against the naive pattern, in one run: the same sessions (many tenants, mixed
 * roles, each subscribed to the ticket list) are connected to two gateway instances on the same
 * topic, one with {@code strategy=cohort} (the default) and one with {@code strategy=naive} (one
 * refetch per subscription per notification), while writes go through resource-service.
 *
 * <p>Run: {@code ./mvnw -B -q -pl embedded-stack verify -Dspotless.check.skip=true
 * -Dtest=GatewayBenchmark -DexcludedGroups= -Dbench.sessions=1000 -Dbench.tenants=20
 * -Dbench.writes=50 -Dbench.seconds=60 [-Dbench.warmupSeconds=30]}. Results are printed and written
 * to {@code target/gateway-benchmark.md}.
 */
@Tag("benchmark")
class GatewayBenchmark {

  private static final int SESSIONS = Integer.getInteger("bench.sessions", 1000);
  private static final int TENANTS = Integer.getInteger("bench.tenants", 20);
  private static final int WRITES_PER_SECOND = Integer.getInteger("bench.writes", 50);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
  // Writes at the same rate before the measured window: the write, relay and refetch paths are
  // otherwise JIT-compiled during it (in one run, C2 alone took 0.44 of the 1.33 cores the server
  // JVM used while 50 writes/s were measured, and the tails with it).
  private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 30);
  private static final boolean WITH_NAIVE =
      Boolean.parseBoolean(System.getProperty("bench.naive", "true"));
  private static final String MODE = System.getProperty("bench.mode", "refetch");
  private static final int LIMIT = Integer.getInteger("bench.limit", 50);
  private static final boolean WITH_FLOOR =
      Boolean.parseBoolean(System.getProperty("bench.floor", "true"));
  // Connect all sessions at once (-Dbench.connectBatch=<sessions> for the clients' handshakes).
  private static final boolean STORM = Boolean.getBoolean("bench.storm");
  private static final Path OUT = Path.of("target", "benchmarks");
  // Writes per second of a latency-vs-load sweep after the measured window ("50,100,…"; empty:
  // none), each for SWEEP_SECONDS and drained before the next.
  private static final List<Integer> SWEEP =
      Stream.of(System.getProperty("bench.sweep", "").split(","))
          .filter(s -> !s.isBlank())
          .map(s -> Integer.parseInt(s.trim()))
          .toList();
  private static final int SWEEP_SECONDS = Integer.getInteger("bench.sweepSeconds", 30);
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],"
          + "\"limit\":"
          + LIMIT
          + ",\"mode\":\""
          + MODE
          + "\"}";

  // An executor of its own: without one, on 2 cores every response completes on a new thread.
  private final ExecutorService httpExecutor = Executors.newFixedThreadPool(2);
  private final HttpClient http = HttpClient.newBuilder().executor(httpExecutor).build();
  private final AtomicLong inFlight = new AtomicLong();
  private static final Map<String, String> WRITER_TOKENS = new ConcurrentHashMap<>();

  record Side(String name, ConfigurableApplicationContext context, URI url) {
    MeterRegistry meters() {
      return context.getBean(MeterRegistry.class);
    }

    double count(String name, String... tags) {
      var search = meters().find(name);
      if (tags.length > 0) {
        search = search.tags(tags);
      }
      return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    double calls() {
      return meters().find("keeplive.gateway.refetch.latency").timers().stream()
          .mapToDouble(Timer::count)
          .sum();
    }

    CountAtBucket[] latency() {
      return meters().find("keeplive.gateway.e2e.latency").timer().takeSnapshot().histogramCounts();
    }
  }

  record Snapshot(
      double notifications,
      double refetches,
      double merged,
      double calls,
      double pushes,
      CountAtBucket[] e2e) {
    static Snapshot of(Side side) {
      return new Snapshot(
          side.count("keeplive.gateway.notifications", "outcome", "matched")
              + side.count("keeplive.gateway.notifications", "outcome", "unmatched"),
          side.count("keeplive.gateway.refetches"),
          side.count("keeplive.gateway.refetches.merged"),
          side.calls(),
          side.count("keeplive.gateway.pushes"),
          side.latency());
    }
  }

  @Test
  void cohortRefetchAgainstTheNaivePattern() throws Exception {
    // The broker in a JVM of its own, so that its CPU is measured apart from the services'.
    if (System.getProperty("keeplive.test.kafka") == null) {
      System.setProperty("keeplive.test.kafka", "child");
    }
    EmbeddedStack stack = SharedStack.get();
    Side cohort = new Side("cohort", stack.gateways().get(0), stack.gatewayUrl());
    ConfigurableApplicationContext naiveContext =
        WITH_NAIVE
            ? stack.startGateway(0, Map.of("keeplive.gateway.refetch.strategy", "naive"))
            : null;
    Side naive =
        WITH_NAIVE ? new Side("naive", naiveContext, stack.gatewayUrl(naiveContext)) : cohort;
    List<Side> sides = WITH_NAIVE ? List.of(cohort, naive) : List.of(cohort);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<String> tenants = new ArrayList<>();
    for (int t = 0; t < TENANTS; t++) {
      tenants.add("bench-" + TestTokens.randomTenant());
    }
    Map<String, List<String>> agentsOf = new ConcurrentHashMap<>();
    List<ClientProcess> clientProcesses = new ArrayList<>();
    try {
      // --- sessions: same users on both gateways, roles 10% admin, 70% agent, 20% viewer; the
      // clients run in a JVM of their own (BenchmarkClients), so this JVM holds only the servers.
      for (int i = 0; i < SESSIONS; i++) {
        if (BenchmarkClients.roleOf(i).equals("agent")) {
          agentsOf
              .computeIfAbsent(tenants.get(i % TENANTS), k -> new CopyOnWriteArrayList<>())
              .add("u" + i);
        }
      }
      // Heap per session from the second half: the first half also pays for warm-up (pools,
      // caches, class loading), which does not grow with sessions.
      List<String> urls =
          sides.stream()
              .map(side -> side.url().toString().replace("http", "ws") + "/live")
              .toList();
      long connectStart = System.nanoTime();
      long heapHalf;
      if (STORM) {
        // Both client processes at once, every handshake of each in flight at once.
        var first =
            CompletableFuture.supplyAsync(() -> startClients(urls, 0, SESSIONS / 2, tenants));
        clientProcesses.add(startClients(urls, SESSIONS / 2, SESSIONS, tenants));
        clientProcesses.add(first.join());
        heapHalf = 0;
      } else {
        clientProcesses.add(ClientProcess.start(urls, 0, SESSIONS / 2, SUBSCRIBE, tenants));
        heapHalf = heapAfterGc(memory);
        clientProcesses.add(ClientProcess.start(urls, SESSIONS / 2, SESSIONS, SUBSCRIBE, tenants));
      }
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      long heapAll = heapAfterGc(memory);
      double heapPerSession =
          STORM
              ? Double.NaN
              : (heapAll - heapHalf) / ((double) sides.size() * (SESSIONS - SESSIONS / 2));

      Workload workload =
          new Workload(stack, tenants, agentsOf, new ConcurrentHashMap<>(), new Random(1));

      // --- warm-up: the same writes, not measured, then wait until everything is delivered
      if (WARMUP_SECONDS > 0) {
        Snapshot[] warmupBefore = sides.stream().map(Snapshot::of).toArray(Snapshot[]::new);
        double warmupPublishedBefore = published(stack);
        writeFor(WARMUP_SECONDS, workload, new AtomicLong(), new AtomicLong());
        awaitQuiet(sides, warmupBefore, stack, warmupPublishedBefore);
      }

      // --- writes through resource-service for SECONDS at WRITES_PER_SECOND
      CountAtBucket[] relayBefore = relayLatency(stack);
      double publishedBefore = published(stack);
      CountAtBucket[] callBefore = callLatency(cohort);
      Snapshot cohortBefore = Snapshot.of(cohort);
      Snapshot naiveBefore = Snapshot.of(naive);
      long dbBefore = transactions(stack);
      long cpuBefore = os.getProcessCpuTime();
      long clientCpuBefore = ClientProcess.cpuNanos(clientProcesses);
      long postgresCpuBefore = WindowCost.postgresNanos(stack.database().port());
      long jitBefore = jitCpuNanos();
      long[] receivedBefore = ClientProcess.received(clientProcesses);
      WindowCost window = WindowCost.start(stack.database().port(), clientProcesses);
      long wallBefore = System.nanoTime();
      AtomicLong writes = new AtomicLong();
      AtomicLong failedWrites = new AtomicLong();
      writeFor(SECONDS, workload, writes, failedWrites);
      boolean drained =
          awaitQuiet(
              sides,
              WITH_NAIVE
                  ? new Snapshot[] {cohortBefore, naiveBefore}
                  : new Snapshot[] {cohortBefore},
              stack,
              publishedBefore);
      double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
      double clientCpuSeconds = (ClientProcess.cpuNanos(clientProcesses) - clientCpuBefore) / 1e9;
      double postgresCpuSeconds =
          (WindowCost.postgresNanos(stack.database().port()) - postgresCpuBefore) / 1e9;
      double jitSeconds = (jitCpuNanos() - jitBefore) / 1e9;
      String clientReport = ClientProcess.report(clientProcesses);
      long[] received = ClientProcess.received(clientProcesses);
      Files.createDirectories(OUT);
      CostReport cost =
          new CostReport(
              window.stop(OUT.resolve("gateway.jfr")),
              writes.get(),
              received[0] - receivedBefore[0],
              received[1] - receivedBefore[1],
              wallSeconds);
      long dbTransactions = transactions(stack) - dbBefore;
      Snapshot cohortAfter = Snapshot.of(cohort);
      CountAtBucket[] relayAfter = relayLatency(stack);
      CountAtBucket[] callAfter = callLatency(cohort);
      Snapshot naiveAfter = Snapshot.of(naive);

      String report =
          report(
              connectSeconds,
              heapPerSession,
              writes.get(),
              failedWrites.get(),
              wallSeconds,
              cpuSeconds,
              clientCpuSeconds,
              postgresCpuSeconds,
              clientReport,
              dbTransactions,
              drained,
              sides.size(),
              cohortBefore,
              cohortAfter,
              naiveBefore,
              naiveAfter);
      // Per completed write: what the load costs, independent of how long the drain took. The JIT
      // share shows whether the measured window still pays for compilation (see WARMUP_SECONDS).
      double perWrite = writes.get() == 0 ? Double.NaN : 1e3 / writes.get();
      report +=
          String.format(
              Locale.ROOT,
              "CPU per completed write: server JVM %.1f ms (of which JIT compiler threads %.1f ms,"
                  + " %.2f cores), clients %.1f ms, PostgreSQL %.1f ms%n",
              cpuSeconds * perWrite,
              jitSeconds * perWrite,
              jitSeconds / wallSeconds,
              clientCpuSeconds * perWrite,
              postgresCpuSeconds * perWrite);
      if (relayBefore != null && relayAfter != null) {
        report +=
            String.format(
                Locale.ROOT,
                "%nrelay commit → Kafka ack: p50 %.1f ms, p99 %.1f ms%n",
                quantile(relayBefore, relayAfter, 0.5),
                quantile(relayBefore, relayAfter, 0.99));
      }
      report +=
          String.format(
              Locale.ROOT,
              "cohort gateway live API call: p50 %.1f ms, p99 %.1f ms%n",
              quantile(callBefore, callAfter, 0.5),
              quantile(callBefore, callAfter, 0.99));
      report += cost.table();
      cost.writePictures(OUT, "gateway");
      Map<String, Object> json = new LinkedHashMap<>();
      if (!SWEEP.isEmpty()) {
        report += sweep(sides, stack, workload, clientProcesses, json);
      }
      for (ClientProcess clients : clientProcesses) {
        clients.exit();
      }
      json.put("sessions", SESSIONS);
      json.put("tenants", TENANTS);
      json.put("writes_per_second_asked", WRITES_PER_SECOND);
      json.put("writes_done", writes.get());
      json.put("connect_seconds", connectSeconds);
      json.put("connect_storm", STORM);
      json.put("sessions_per_second_to_first_result", sides.size() * SESSIONS / connectSeconds);
      json.put("heap_kib_per_idle_session", heapPerSession / 1024);
      json.put("e2e_p50_ms", quantile(cohortBefore.e2e(), cohortAfter.e2e(), 0.5));
      json.put("e2e_p99_ms", quantile(cohortBefore.e2e(), cohortAfter.e2e(), 0.99));
      json.put("e2e_p999_ms", quantile(cohortBefore.e2e(), cohortAfter.e2e(), 0.999));
      json.put(
          "sql_statements_per_notification",
          (cohortAfter.calls() - cohortBefore.calls())
              / (cohortAfter.notifications() - cohortBefore.notifications()));
      json.putAll(cost.json());
      if (WITH_FLOOR && cost.pushes() > 0) {
        report += floor(cost, tenants, writes.get() / wallSeconds, writes.get(), json);
      }
      System.out.println(report);
      Files.writeString(OUT.resolve("gateway.md"), report);
      Files.writeString(Path.of("target/gateway-benchmark.md"), report);
      BenchmarkJson.write("gateway", json);
      if (WITH_NAIVE) {
        assertThat(cohortAfter.calls() - cohortBefore.calls())
            .isLessThan(naiveAfter.calls() - naiveBefore.calls());
      }
    } finally {
      clientProcesses.forEach(ClientProcess::kill);
      if (naiveContext != null) {
        stack.stopGateway(naiveContext);
      }
    }
  }

  /** What the writes draw from: tenants, their agents, the tickets created so far. */
  private record Workload(
      EmbeddedStack stack,
      List<String> tenants,
      Map<String, List<String>> agentsOf,
      Map<String, List<String>> ticketsOf,
      Random random) {}

  /** Starts a write every 1/{@code WRITES_PER_SECOND} s for {@code seconds}, then stops. */
  private void writeFor(int seconds, Workload workload, AtomicLong writes, AtomicLong failedWrites)
      throws InterruptedException {
    writeFor(seconds, WRITES_PER_SECOND, workload, writes, failedWrites);
  }

  /** Starts a write every 1/{@code rate} s for {@code seconds}, then stops. */
  private void writeFor(
      int seconds, int rate, Workload workload, AtomicLong writes, AtomicLong failedWrites)
      throws InterruptedException {
    long start = System.nanoTime();
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    long periodMicros = 1_000_000L / rate;
    writer.scheduleAtFixedRate(
        () -> write(workload, writes, failedWrites), 0, periodMicros, TimeUnit.MICROSECONDS);
    Awaitility.await()
        .atMost(Duration.ofSeconds(seconds + 5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> System.nanoTime() - start >= seconds * 1_000_000_000L);
    writer.shutdown();
    writer.awaitTermination(30, TimeUnit.SECONDS);
  }

  /**
   * Lets the tail drain: the gateways consumed every notification and stopped refetching. A gateway
   * that cannot keep up never gets quiet; it is then measured as it stands (returns false).
   */
  private static boolean awaitQuiet(
      List<Side> sides, Snapshot[] before, EmbeddedStack stack, double publishedBefore) {
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(new Quiet(sides.toArray(Side[]::new), before, stack, publishedBefore));
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** True once neither gateway's counters moved since the previous poll. */
  private static final class Quiet implements Callable<Boolean> {
    private final Side[] sides;
    private final Snapshot[] before;
    private final EmbeddedStack stack;
    private final double publishedBefore;
    private double last = -1;

    Quiet(Side[] sides, Snapshot[] before, EmbeddedStack stack, double publishedBefore) {
      this.sides = sides;
      this.before = before;
      this.stack = stack;
      this.publishedBefore = publishedBefore;
    }

    @Override
    public Boolean call() {
      double now = 0;
      boolean allNotified = true;
      for (int i = 0; i < sides.length; i++) {
        Snapshot s = Snapshot.of(sides[i]);
        now += s.notifications() + s.refetches() + s.pushes();
        // Every notification the relay published has been consumed (no-op writes publish none).
        allNotified &=
            s.notifications() - before[i].notifications() >= published(stack) - publishedBefore;
      }
      boolean quiet = allNotified && now == last;
      last = now;
      return quiet;
    }
  }

  private void write(Workload workload, AtomicLong writes, AtomicLong failed) {
    EmbeddedStack stack = workload.stack();
    List<String> tenants = workload.tenants();
    Random random = workload.random();
    String tenant;
    int action;
    int pick;
    synchronized (random) {
      tenant = tenants.get(random.nextInt(tenants.size()));
      action = random.nextInt(10);
      pick = random.nextInt(1 << 30);
    }
    // One token per tenant for the whole run, as a real writer keeps its token: signing one per
    // write took a tenth of the server JVM's samples and made resource-service verify each anew.
    String token =
        WRITER_TOKENS.computeIfAbsent(tenant, t -> TestTokens.token("writer", t, "admin"));
    List<String> tickets =
        workload.ticketsOf().computeIfAbsent(tenant, k -> new CopyOnWriteArrayList<>());
    List<String> agents = workload.agentsOf().getOrDefault(tenant, List.of("nobody"));
    String method;
    String path;
    String body;
    if (tickets.size() < 5 || action < 4) {
      method = "POST";
      path = "/api/tickets";
      body = "{\"title\":\"bench " + pick + "\"}";
    } else {
      String id = tickets.get(pick % tickets.size());
      if (action < 8) {
        method = "PATCH";
        path = "/api/tickets/" + id;
        body = "{\"status\":\"" + (action % 2 == 0 ? "in_progress" : "open") + "\"}";
      } else {
        method = "POST";
        path = "/api/tickets/" + id + "/assign";
        body = "{\"assignee_id\":\"" + agents.get(pick % agents.size()) + "\"}";
      }
    }
    if (inFlight.incrementAndGet() > 500) {
      // resource-service is saturated: count the write as not done rather than queue forever.
      inFlight.decrementAndGet();
      failed.incrementAndGet();
      return;
    }
    String sentPath = path;
    String sentMethod = method;
    http.sendAsync(
            HttpRequest.newBuilder(stack.resourceServiceUrl().resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, error) -> {
              inFlight.decrementAndGet();
              if (error != null || response.statusCode() >= 300) {
                failed.incrementAndGet();
                return;
              }
              writes.incrementAndGet();
              if (sentMethod.equals("POST") && sentPath.equals("/api/tickets")) {
                String text = response.body();
                int at = text.indexOf("\"id\":\"") + 6;
                tickets.add(text.substring(at, text.indexOf('"', at)));
              }
            });
  }

  private static double published(EmbeddedStack stack) {
    return stack
        .relay()
        .getBean(MeterRegistry.class)
        .find("keeplive.relay.published")
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static CountAtBucket[] relayLatency(EmbeddedStack stack) {
    Timer timer =
        stack.relay().getBean(MeterRegistry.class).find("keeplive.relay.publish.latency").timer();
    return timer == null ? null : timer.takeSnapshot().histogramCounts();
  }

  private static CountAtBucket[] callLatency(Side side) {
    Timer timer =
        side.meters().find("keeplive.gateway.refetch.latency").tag("kind", "list").timer();
    return timer.takeSnapshot().histogramCounts();
  }

  /**
   * CPU time of this JVM's JIT compiler threads, from {@code /proc/self/task} (Linux; clock ticks
   * of 10 ms). The {@code CompilationMXBean}'s compile time is wall time, which on a busy 2-core
   * machine counts the compiler threads' waits as well.
   */
  private static long jitCpuNanos() {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          // Fields after the ")" that ends the thread name: utime is the 12th, stime the 13th.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException threadEnded) {
          // A compiler thread that ended between listing and reading has no time left to count.
        }
      }
    } catch (IOException | RuntimeException noProcfs) {
      return 0;
    }
    return ticks * 10_000_000L;
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * e2e p50/p99 and CPU per write at each rate of {@link #SWEEP}, the same sessions and workload,
   * each step drained before the next; plotted to {@code target/benchmarks/gateway-load.svg}.
   */
  private String sweep(
      List<Side> sides,
      EmbeddedStack stack,
      Workload workload,
      List<ClientProcess> clients,
      Map<String, Object> json)
      throws Exception {
    Side side = sides.get(0);
    List<Double> rates = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    Map<String, Object> steps = new LinkedHashMap<>();
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nLatency against load (%d s per step, drained between steps):%n%n"
                    + "| writes/s asked | done | e2e p50 ms | e2e p99 ms | cores (all processes)"
                    + " | steady CPU ms per write |%n|---|---|---|---|---|---|%n",
                SWEEP_SECONDS));
    for (int rate : SWEEP) {
      Snapshot before = Snapshot.of(side);
      double published = published(stack);
      long[] receivedBefore = ClientProcess.received(clients);
      WindowCost window = WindowCost.start(stack.database().port(), clients);
      long start = System.nanoTime();
      AtomicLong writes = new AtomicLong();
      writeFor(SWEEP_SECONDS, rate, workload, writes, new AtomicLong());
      awaitQuiet(List.of(side), new Snapshot[] {before}, stack, published);
      double wall = (System.nanoTime() - start) / 1e9;
      long[] received = ClientProcess.received(clients);
      CostReport cost =
          new CostReport(
              window.stop(OUT.resolve("gateway-sweep.jfr")),
              Math.max(1, writes.get()),
              received[0] - receivedBefore[0],
              received[1] - receivedBefore[1],
              wall);
      Snapshot after = Snapshot.of(side);
      double q50 = quantile(before.e2e(), after.e2e(), 0.5);
      double q99 = quantile(before.e2e(), after.e2e(), 0.99);
      double cores = cost.nanos(EnumSet.allOf(Component.class)) / 1e9 / wall;
      rates.add((double) rate);
      p50.add(q50);
      p99.add(q99);
      steps.put(
          String.valueOf(rate),
          Map.of(
              "writes_done", writes.get(),
              "e2e_p50_ms", q50,
              "e2e_p99_ms", q99,
              "cores", cores,
              "steady_cpu_ms_per_write", cost.steadyNanos() / 1e6 / Math.max(1, writes.get())));
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.1f | %.1f | %.2f | %.2f |%n",
              rate,
              writes.get(),
              q50,
              q99,
              cores,
              cost.steadyNanos() / 1e6 / Math.max(1, writes.get())));
    }
    json.put("latency_vs_load", steps);
    Map<String, List<Double>> lines = new LinkedHashMap<>();
    lines.put("e2e p50", p50);
    lines.put("e2e p99", p99);
    Files.writeString(
        OUT.resolve("gateway-load.svg"),
        LinePlotSvg.render(
            String.format(
                Locale.ROOT,
                "e2e latency against load (%d sessions, %d tenants, %d s per step)",
                SESSIONS,
                TENANTS,
                SWEEP_SECONDS),
            "writes per second",
            "ms (log scale)",
            rates,
            lines));
    return out.toString();
  }

  private static ClientProcess startClients(
      List<String> urls, int from, int to, List<String> tenants) {
    try {
      return ClientProcess.start(urls, from, to, SUBSCRIBE, tenants);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The raw fan-out floor in the same run: the same number of sockets, the same clients, the same
   * writes per second, pushes per write and frame size as the measured window.
   */
  private static String floor(
      CostReport cost, List<String> tenants, double rate, long writes, Map<String, Object> json)
      throws Exception {
    int perWrite = (int) Math.round((double) cost.pushes() / writes);
    FanOutFloor.Result raw =
        FanOutFloor.measure(
            SESSIONS, SUBSCRIBE, tenants, rate, perWrite, cost.frameBytes(), SECONDS);
    double ratio = cost.gatewayMicrosPerPush() / raw.serverMicrosPerPush();
    double wholeRatio = cost.steadyNanos() / 1e3 / cost.pushes() / raw.serverMicrosPerPush();
    json.put("raw_server_cpu_us_per_push", raw.serverMicrosPerPush());
    json.put("raw_clients_cpu_us_per_push", raw.clientMicrosPerPush());
    json.put("gateway_over_raw_cpu_per_push", ratio);
    json.put("steady_path_over_raw_cpu_per_push", wholeRatio);
    return String.format(
        Locale.ROOT,
        "%nRaw fan-out floor, same run (%d sockets, %.1f writes/s x %d pushes of %d bytes, %.0f s):"
            + " %d frames delivered; raw server %.1f µs of CPU per push (%.3f cores), its clients"
            + " %.1f µs per push.%n"
            + "Gateway CPU per delivered push ÷ raw server's: **%.1f×**; whole steady path per"
            + " push ÷ raw server's: %.1f×%n",
        SESSIONS,
        rate,
        perWrite,
        cost.frameBytes(),
        raw.seconds(),
        raw.frames(),
        raw.serverMicrosPerPush(),
        raw.serverNanos() / 1e9 / raw.seconds(),
        raw.clientMicrosPerPush(),
        ratio,
        wholeRatio);
  }

  private static long transactions(EmbeddedStack stack) throws Exception {
    try (Connection connection = stack.database().connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static double quantile(CountAtBucket[] before, CountAtBucket[] after, double q) {
    double total = after[after.length - 1].count() - before[before.length - 1].count();
    if (total <= 0) {
      return Double.NaN;
    }
    double previousBound = 0;
    double previousCount = 0;
    for (int i = 0; i < after.length; i++) {
      double count = after[i].count() - before[i].count();
      double bound = after[i].bucket(TimeUnit.MILLISECONDS);
      if (count >= q * total) {
        double inBucket = count - previousCount;
        double fraction = inBucket == 0 ? 1 : (q * total - previousCount) / inBucket;
        return previousBound + fraction * (bound - previousBound);
      }
      previousBound = bound;
      previousCount = count;
    }
    return Double.POSITIVE_INFINITY;
  }

  private static String report(
      double connectSeconds,
      double heapPerSession,
      long writes,
      long failedWrites,
      double wallSeconds,
      double cpuSeconds,
      double clientCpuSeconds,
      double postgresCpuSeconds,
      String clientReport,
      long dbTransactions,
      boolean drained,
      int gateways,
      Snapshot cohortBefore,
      Snapshot cohortAfter,
      Snapshot naiveBefore,
      Snapshot naiveAfter) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "## Gateway benchmark run%n%n"
                + "sessions per gateway %d, tenants %d, target writes/s %d for %d s"
                + " (after %d s of unmeasured warm-up writes at the same rate); "
                + "%d writes done (%d failed); connect+first result of %d sessions: %.1f s%n"
                + "subscription: %s%n"
                + "server JVM heap per idle subscribed session (gateway; clients in another JVM):"
                + " %.1f KiB%n"
                + "CPU during the write phase: server JVM %.2f cores (everything but PostgreSQL"
                + " and the clients), client JVM %.2f cores, PostgreSQL %.2f cores"
                + " (server processes alive at the end); client process: %s%n"
                + "PostgreSQL transactions during the write phase (gateways + writes + relay): %d%n"
                + "all notifications processed within 60 s after the last write: %s%n%n",
            SESSIONS,
            TENANTS,
            WRITES_PER_SECOND,
            SECONDS,
            WARMUP_SECONDS,
            writes,
            failedWrites,
            gateways * SESSIONS,
            connectSeconds,
            SUBSCRIBE,
            heapPerSession / 1024,
            cpuSeconds / wallSeconds,
            clientCpuSeconds / wallSeconds,
            postgresCpuSeconds / wallSeconds,
            clientReport,
            dbTransactions,
            drained ? "yes" : "NO (a gateway fell behind)"));
    out.append(
        "| strategy | notifications | refetches (cohorts read) | refetches/notification | cohorts"
            + " merged without a read | live API calls (= SQL statements) | calls/notification |"
            + " pushes | e2e p50 ms | e2e p99 ms | e2e p999 ms |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    double[] ratios = new double[2];
    int row = 0;
    List<List<Object>> pairs = new ArrayList<>();
    pairs.add(List.of(cohortBefore, cohortAfter, "cohort"));
    if (gateways > 1) {
      pairs.add(List.of(naiveBefore, naiveAfter, "naive"));
    }
    for (var pair : pairs) {
      Snapshot before = (Snapshot) pair.get(0);
      Snapshot after = (Snapshot) pair.get(1);
      double notifications = after.notifications() - before.notifications();
      double refetches = after.refetches() - before.refetches();
      double calls = after.calls() - before.calls();
      // Cohorts refetched = lists read in full + results updated by merging the changed rows.
      ratios[row++] = (refetches + after.merged() - before.merged()) / notifications;
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.0f | %.1f | %.1f | %.1f |%n",
              pair.get(2),
              notifications,
              refetches,
              refetches / notifications,
              after.merged() - before.merged(),
              calls,
              calls / notifications,
              after.pushes() - before.pushes(),
              quantile(before.e2e(), after.e2e(), 0.5),
              quantile(before.e2e(), after.e2e(), 0.99),
              quantile(before.e2e(), after.e2e(), 0.999)));
    }
    if (gateways > 1) {
      out.append(
          String.format(
              Locale.ROOT,
              "%nnaive / cohort: cohorts refetched (read or merged) per notification %.1fx,"
                  + " live API calls = DB round trips of the refetch path %.1fx%n",
              ratios[1] / ratios[0],
              (naiveAfter.calls() - naiveBefore.calls())
                  / Math.max(1, cohortAfter.calls() - cohortBefore.calls())));
    }
    return out.toString();
  }
}
