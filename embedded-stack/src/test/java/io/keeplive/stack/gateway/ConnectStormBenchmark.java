package io.keeplive.stack.gateway;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.benchmark.Component;
import io.keeplive.stack.benchmark.FlameGraphSvg;
import io.keeplive.stack.testing.Api;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.BenchmarkJson;
import io.keeplive.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A connect storm against one gateway: every session of {@code bench.sessions} (users of {@code
 * bench.tenants} tenants, mixed roles as in {@link GatewayBenchmark}) connects at the same moment,
 * authenticates and subscribes to the ticket list; measured from "go" until the last session has
 * its first {@code result}. The clients run in {@code bench.clientProcesses} JVMs of their own,
 * each with a source address of its own, prepared (JVM started, tokens signed) before "go".
 *
 * <p>Reports sessions per second to live, CPU of the storm by component with a flame graph of the
 * server JVM ({@code target/benchmarks/connect-flame.svg}), and what the idle sessions then hold:
 * heap (live objects after a full collection) and resident memory per session, and the classes that
 * grew, per session. Figures go to {@code target/benchmarks/connect.json} and {@code connect.md}.
 *
 * <p>Run (command C in BENCHMARKS.md): {@code ./mvnw -B -q -pl embedded-stack -am verify
 * -Dspotless.check.skip=true -DexcludedGroups= -Dtest=ConnectStormBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.sessions=10000 -Dbench.tenants=100}.
 */
@Tag("benchmark")
class ConnectStormBenchmark {

  private static final int SESSIONS = Integer.getInteger("bench.sessions", 10_000);
  private static final int TENANTS = Integer.getInteger("bench.tenants", 100);
  private static final int PROCESSES = Integer.getInteger("bench.clientProcesses", 2);
  // Tickets per tenant before the storm, so that first results carry rows.
  private static final int ROWS = Integer.getInteger("bench.rowsPerTenant", 10);
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],"
          + "\"limit\":50,\"mode\":\"stream\"}";
  private static final Path OUT = Path.of("target", "benchmarks");

  @Test
  void everySessionConnectsAtOnce() throws Exception {
    if (System.getProperty("keeplive.test.kafka") == null) {
      System.setProperty("keeplive.test.kafka", "child");
    }
    EmbeddedStack stack = SharedStack.get();
    List<String> tenants = new ArrayList<>();
    for (int t = 0; t < TENANTS; t++) {
      String tenant = "storm-" + TestTokens.randomTenant();
      tenants.add(tenant);
      Api writer = new Api(stack.resourceServiceUrl(), TestTokens.token("writer", tenant, "admin"));
      for (int r = 0; r < ROWS; r++) {
        String id = writer.createTicket("storm " + r).expect(201).id();
        // Every third ticket to another user of the tenant (u<t + tenants * k>), so that some
        // agents' first results are not empty.
        if (r % 3 == 0) {
          writer.assign(id, "u" + (t + TENANTS * (1 + r % 7)));
        }
      }
    }
    String url = stack.gatewayUrl().toString().replace("http", "ws") + "/live";
    List<ClientProcess> clients = prepareClients(url, tenants);
    try {
      storm(stack, clients);
    } finally {
      clients.forEach(ClientProcess::kill);
    }
  }

  /** Connects every prepared session at once, then measures and reports. */
  private static void storm(EmbeddedStack stack, List<ClientProcess> clients) throws Exception {
    HeapHistogram heapBefore = HeapHistogram.take();
    long usedBefore = used();
    long rssBefore = rssBytes();
    Counts callsBefore = Counts.of(stack);
    WindowCost window = WindowCost.start(stack.database().port(), clients);
    long go = System.nanoTime();
    clients.forEach(ClientProcess::go);
    double slowestClient = 0;
    long retries = 0;
    for (ClientProcess process : clients) {
      double[] connected = process.awaitConnected();
      slowestClient = Math.max(slowestClient, connected[0]);
      retries += (long) connected[1];
    }
    double seconds = (System.nanoTime() - go) / 1e9;
    Files.createDirectories(OUT);
    WindowCost.Result cost = window.stop(OUT.resolve("connect.jfr"));
    Counts calls = Counts.of(stack).minus(callsBefore);
    HeapHistogram heapAfter = HeapHistogram.take();
    double heapPerSession = (used() - usedBefore) / (double) SESSIONS;
    double rssPerSession = (rssBytes() - rssBefore) / (double) SESSIONS;
    String report =
        report(seconds, slowestClient, retries, cost, calls, heapPerSession, rssPerSession)
            + "\nWhat the idle sessions hold (live heap growth by class, per session):\n\n"
            + heapAfter.growthTable(heapBefore, SESSIONS, 60);
    System.out.println(report);
    Files.writeString(OUT.resolve("connect.md"), report);
    Files.writeString(
        OUT.resolve("connect-flame.svg"),
        FlameGraphSvg.render(
            String.format(
                Locale.ROOT,
                "Server JVM during a connect storm of %d sessions (JFR execution samples)",
                SESSIONS),
            cost.samples().collapsed()));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessions", SESSIONS);
    json.put("tenants", TENANTS);
    json.put("client_processes", PROCESSES);
    json.put("connect_seconds", seconds);
    json.put("sessions_per_second_to_first_result", SESSIONS / seconds);
    json.put("connects_retried", retries);
    json.put("plan_calls", calls.plans());
    json.put("query_calls", calls.queries());
    json.put("heap_kib_per_idle_session", heapPerSession / 1024);
    json.put("rss_kib_per_idle_session", rssPerSession / 1024);
    json.put("rss_mib_after", rssBytes() / 1024.0 / 1024);
    Map<String, Object> perSession = new LinkedHashMap<>();
    cost.nanos().forEach((c, n) -> perSession.put(c.label(), n / 1e3 / SESSIONS));
    json.put("cpu_us_per_session", perSession);
    BenchmarkJson.write("connect", json);
    for (ClientProcess process : clients) {
      process.exit();
    }
  }

  /** Starts the client JVMs in parallel; each returns once its sessions are prepared. */
  private static List<ClientProcess> prepareClients(String url, List<String> tenants) {
    List<CompletableFuture<ClientProcess>> starting = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      int from = SESSIONS * p / PROCESSES;
      int to = SESSIONS * (p + 1) / PROCESSES;
      String source = "127.0.1." + (p + 1);
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ClientProcess.prepare(List.of(url), from, to, SUBSCRIBE, tenants, source);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    return starting.stream().map(CompletableFuture::join).toList();
  }

  /** Live API calls resource-service answered: plans and (batched) queries. */
  record Counts(long plans, long queries) {
    static Counts of(EmbeddedStack stack) {
      MeterRegistry meters = stack.resourceService().getBean(MeterRegistry.class);
      // Single plans and batch plans (PlanBatching) alike.
      return new Counts(
          count(meters, "/api/live/plan") + count(meters, "/api/live/plans"),
          count(meters, "/api/live/query"));
    }

    private static long count(MeterRegistry meters, String uri) {
      return meters.find("http.server.requests").tag("uri", uri).timers().stream()
          .mapToLong(Timer::count)
          .sum();
    }

    Counts minus(Counts before) {
      return new Counts(plans - before.plans, queries - before.queries);
    }
  }

  private static String report(
      double seconds,
      double slowestClient,
      long retries,
      WindowCost.Result cost,
      Counts calls,
      double heapPerSession,
      double rssPerSession) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "## Connect storm%n%n%d sessions (%d tenants, %d client JVMs) connected at once:"
                    + " the last first result after **%.2f s** (slowest client's own clock %.2f s)"
                    + " = **%.0f sessions/s**; %d connects retried.%nLive API calls during the storm: %d plans, %d"
                    + " queries.%nIdle sessions then hold %.1f KiB of live heap and %.1f KiB of"
                    + " resident memory each (server JVM).%n%n"
                    + "| component | CPU s | µs per session |%n|---|---|---|%n",
                SESSIONS,
                TENANTS,
                PROCESSES,
                seconds,
                slowestClient,
                SESSIONS / seconds,
                retries,
                calls.plans(),
                calls.queries(),
                heapPerSession / 1024,
                rssPerSession / 1024));
    for (Component c : Component.values()) {
      long n = cost.nanos().getOrDefault(c, 0L);
      out.append(
          String.format(
              Locale.ROOT, "| %s | %.2f | %.0f |%n", c.label(), n / 1e9, n / 1e3 / SESSIONS));
    }
    out.append(String.format(Locale.ROOT, "%nThread pools of the server JVM, CPU s: "));
    cost.pools().entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(20)
        .forEach(
            e ->
                out.append(
                    String.format(Locale.ROOT, "%s %.2f; ", e.getKey(), e.getValue() / 1e9)));
    return out.append('\n').toString();
  }

  private static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }
}
