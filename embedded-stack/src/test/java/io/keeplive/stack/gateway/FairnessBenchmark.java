package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.BenchmarkJson;
import io.keeplive.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fairness between tenants (issue 17, part 5): quiet tenants write at a base rate, measured once
 * alone and once while one tenant (tenant 0) writes {@code bench.noise} times as much, in the same
 * run; and all of that twice, on a gateway with the refetch budgets ({@code
 * keeplive.gateway.refetch.budget.enabled=true}, the default) and on one without. A quiet tenant's
 * sessions subscribe with {@code bench.quietVariants} different queries (page sizes), the noisy
 * tenant's with {@code bench.noisyVariants}, so one of its writes refetches that many query groups
 * at once: more refetches in flight than its budget allows, which is what the budget bounds.
 *
 * <p>Latency is measured by the clients ({@link ClientLatencies}: arrival of a pushed row minus its
 * {@code updated_at}), per tenant, because the gateway's e2e histogram has no tenant tag. Reported:
 * quiet tenants' p50/p99 without and with the noisy tenant, their ratio (goal: p99 with ≤ 1.5×
 * without), the noisy tenant's own latency, live API calls and refetches deferred by the budget.
 * Printed, and written to {@code target/benchmarks/fairness.md} and {@code fairness.json}.
 *
 * <p>Run (one benchmark at a time on a shared machine): {@code flock /work/bench.lock ./mvnw -B -q
 * -pl embedded-stack -am verify -Dspotless.check.skip=true -DexcludedGroups=
 * -Dtest=FairnessBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class FairnessBenchmark {

  private static final int TENANTS = Integer.getInteger("bench.tenants", 11);
  private static final int SESSIONS = Integer.getInteger("bench.sessions", 1100);
  private static final double BASE_RATE =
      Double.parseDouble(System.getProperty("bench.baseRate", "2"));
  private static final int NOISE = Integer.getInteger("bench.noise", 10);
  private static final int VARIANTS = Integer.getInteger("bench.quietVariants", 4);
  // The noisy tenant's users look at more distinct queries than the per-tenant budget (8): a write
  // of it refetches that many groups at once.
  private static final int NOISY_VARIANTS = Integer.getInteger("bench.noisyVariants", 32);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 45);
  private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 30);
  private static final int TICKETS_PER_TENANT = 40;
  // Page sizes 10 + variant: one query group per variant in every tenant.
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],"
          + "\"limit\":1{variant},\"mode\":\"stream\"}";
  private static final Path OUT = Path.of("target", "benchmarks");

  private final ExecutorService httpExecutor = Executors.newFixedThreadPool(2);
  private final HttpClient http = HttpClient.newBuilder().executor(httpExecutor).build();
  private final AtomicLong inFlight = new AtomicLong();
  private final Random random = new Random(17);

  /** One measured window: its figures. */
  record Phase(
      boolean budget,
      boolean noisy,
      double quietWritesPerSecond,
      double noisyWritesPerSecond,
      long[] quiet,
      long[] noisyTenant,
      double calls,
      double pushes,
      long framesReceived,
      double deferredTenant,
      double deferredTotal,
      double deferredRate,
      double serverCores,
      double postgresCores,
      boolean drained) {

    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("quiet_writes_per_second", quietWritesPerSecond);
      out.put("noisy_writes_per_second", noisyWritesPerSecond);
      out.put("quiet_rows_pushed", ClientLatencies.count(quiet));
      out.put("quiet_e2e_p50_ms", ClientLatencies.quantile(quiet, 0.5));
      out.put("quiet_e2e_p99_ms", ClientLatencies.quantile(quiet, 0.99));
      out.put("noisy_tenant_e2e_p50_ms", ClientLatencies.quantile(noisyTenant, 0.5));
      out.put("noisy_tenant_e2e_p99_ms", ClientLatencies.quantile(noisyTenant, 0.99));
      out.put("live_api_calls", calls);
      out.put("gateway_pushes", pushes);
      out.put("frames_received_by_clients", framesReceived);
      out.put("refetches_deferred_tenant_budget", deferredTenant);
      out.put("refetches_deferred_total_budget", deferredTotal);
      out.put("refetches_deferred_tenant_rate", deferredRate);
      out.put("server_jvm_cores", serverCores);
      out.put("postgres_cores", postgresCores);
      out.put("drained", drained);
      return out;
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %.1f | %.1f | %.0f | %.0f | %.0f / %.0f | %.0f | %.0f | %d | %.0f / %.0f / %.0f |"
              + " %.2f | %.2f | %s |%n",
          budget ? "on" : "off",
          noisy ? "with noisy tenant" : "quiet only",
          quietWritesPerSecond,
          noisyWritesPerSecond,
          ClientLatencies.quantile(quiet, 0.5),
          ClientLatencies.quantile(quiet, 0.99),
          ClientLatencies.quantile(noisyTenant, 0.5),
          ClientLatencies.quantile(noisyTenant, 0.99),
          calls,
          pushes,
          framesReceived,
          deferredTenant,
          deferredTotal,
          deferredRate,
          serverCores,
          postgresCores,
          drained ? "yes" : "NO");
    }
  }

  /** Tenants, their writer tokens and tickets. */
  private record Workload(
      EmbeddedStack stack,
      List<String> tenants,
      Map<String, List<String>> tickets,
      Map<String, AtomicIntegerArray> flips) {}

  @Test
  void quietTenantsLatencyWithAndWithoutANoisyTenant() throws Exception {
    if (System.getProperty("keeplive.test.kafka") == null) {
      System.setProperty("keeplive.test.kafka", "child");
    }
    System.setProperty("bench.latency", "true");
    System.setProperty("bench.variants", NOISY_VARIANTS + "," + VARIANTS);
    String loadAtStart = Files.readString(Path.of("/proc/loadavg")).trim();
    EmbeddedStack stack = SharedStack.get();
    List<String> tenants =
        IntStream.range(0, TENANTS).mapToObj(t -> "fair-" + TestTokens.randomTenant()).toList();
    Map<String, List<String>> tickets = new LinkedHashMap<>();
    for (String tenant : tenants) {
      tickets.put(tenant, createTickets(stack, tenant));
    }
    Map<String, AtomicIntegerArray> flips = new LinkedHashMap<>();
    tenants.forEach(t -> flips.put(t, new AtomicIntegerArray(TICKETS_PER_TENANT)));
    Workload workload = new Workload(stack, tenants, tickets, flips);
    List<Phase> phases = new ArrayList<>();
    // The first gateway of the JVM also warms resource-service and the relay up (JIT): its
    // quiet-only window costs more CPU. -Dbench.budgetFirst=false measures "off" first instead.
    boolean budgetFirst = Boolean.parseBoolean(System.getProperty("bench.budgetFirst", "true"));
    for (boolean budget : new boolean[] {budgetFirst, !budgetFirst}) {
      phases.addAll(measure(workload, budget));
    }
    String loadAtEnd = Files.readString(Path.of("/proc/loadavg")).trim();
    report(phases, loadAtStart, loadAtEnd);
    assertThat(phases).allSatisfy(p -> assertThat(ClientLatencies.count(p.quiet())).isPositive());
  }

  /** Quiet only, then with the noisy tenant, on a fresh gateway with or without the budget. */
  private List<Phase> measure(Workload workload, boolean budget) throws Exception {
    EmbeddedStack stack = workload.stack();
    ConfigurableApplicationContext gateway =
        stack.startGateway(
            0, Map.of("keeplive.gateway.refetch.budget.enabled", String.valueOf(budget)));
    String url = stack.gatewayUrl(gateway).toString().replace("http", "ws") + "/live";
    List<ClientProcess> clients = new ArrayList<>();
    try {
      clients.add(
          ClientProcess.start(List.of(url), 0, SESSIONS / 2, SUBSCRIBE, workload.tenants()));
      clients.add(
          ClientProcess.start(List.of(url), SESSIONS / 2, SESSIONS, SUBSCRIBE, workload.tenants()));
      if (WARMUP_SECONDS > 0) {
        writeFor(WARMUP_SECONDS, workload, true, new AtomicLong(), new AtomicLong());
        awaitQuiet(gateway, stack);
      }
      List<Phase> phases = new ArrayList<>();
      for (boolean noisy : new boolean[] {false, true}) {
        phases.add(phase(workload, gateway, clients, budget, noisy));
      }
      return phases;
    } finally {
      clients.forEach(ClientProcess::kill);
      stack.stopGateway(gateway);
    }
  }

  private Phase phase(
      Workload workload,
      ConfigurableApplicationContext gateway,
      List<ClientProcess> clients,
      boolean budget,
      boolean noisy)
      throws Exception {
    MeterRegistry meters = gateway.getBean(MeterRegistry.class);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int postgresPort = workload.stack().database().port();
    ClientProcess.resetLatencies(clients);
    double callsBefore = calls(meters);
    double pushesBefore = sum(meters, "keeplive.gateway.pushes");
    long framesBefore = ClientProcess.received(clients)[0];
    double tenantBefore = deferred(meters, "tenant_budget");
    double totalBefore = deferred(meters, "total_budget");
    double rateBefore = deferred(meters, "tenant_rate");
    long cpuBefore = os.getProcessCpuTime();
    long postgresBefore = WindowCost.postgresNanos(postgresPort);
    long start = System.nanoTime();
    AtomicLong quietWrites = new AtomicLong();
    AtomicLong noisyWrites = new AtomicLong();
    writeFor(SECONDS, workload, noisy, quietWrites, noisyWrites);
    boolean drained = awaitQuiet(gateway, workload.stack());
    double wall = (System.nanoTime() - start) / 1e9;
    Map<Integer, long[]> latencies = ClientProcess.latencies(clients);
    List<Integer> quietTenants = IntStream.range(1, TENANTS).boxed().toList();
    return new Phase(
        budget,
        noisy,
        quietWrites.get() / (double) SECONDS,
        noisyWrites.get() / (double) SECONDS,
        ClientLatencies.merge(latencies, quietTenants),
        ClientLatencies.merge(latencies, List.of(0)),
        calls(meters) - callsBefore,
        sum(meters, "keeplive.gateway.pushes") - pushesBefore,
        ClientProcess.received(clients)[0] - framesBefore,
        deferred(meters, "tenant_budget") - tenantBefore,
        deferred(meters, "total_budget") - totalBefore,
        deferred(meters, "tenant_rate") - rateBefore,
        (os.getProcessCpuTime() - cpuBefore) / 1e9 / wall,
        (WindowCost.postgresNanos(postgresPort) - postgresBefore) / 1e9 / wall,
        drained);
  }

  private static double calls(MeterRegistry meters) {
    return meters.find("keeplive.gateway.refetch.latency").timers().stream()
        .mapToDouble(Timer::count)
        .sum();
  }

  private static double deferred(MeterRegistry meters, String reason) {
    var counter =
        meters.find("keeplive.gateway.refetches.deferred").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double sum(MeterRegistry meters, String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  /**
   * Quiet tenants (1…) write {@code BASE_RATE} writes/s each, in turn; with {@code noisy}, tenant 0
   * writes {@code NOISE} times that besides.
   */
  private void writeFor(
      int seconds, Workload workload, boolean noisy, AtomicLong quietWrites, AtomicLong noisyWrites)
      throws InterruptedException {
    ScheduledExecutorService writers = Executors.newScheduledThreadPool(2);
    AtomicInteger turn = new AtomicInteger();
    long quietPeriod = (long) (1e6 / (BASE_RATE * (TENANTS - 1)));
    writers.scheduleAtFixedRate(
        () -> write(workload, 1 + Math.floorMod(turn.getAndIncrement(), TENANTS - 1), quietWrites),
        0,
        quietPeriod,
        TimeUnit.MICROSECONDS);
    if (noisy) {
      writers.scheduleAtFixedRate(
          () -> write(workload, 0, noisyWrites),
          0,
          (long) (1e6 / (BASE_RATE * NOISE)),
          TimeUnit.MICROSECONDS);
    }
    long start = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(seconds + 5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> System.nanoTime() - start >= seconds * 1_000_000_000L);
    writers.shutdown();
    writers.awaitTermination(30, TimeUnit.SECONDS);
  }

  /** Flips the status of one of the tenant's tickets (each flip changes the row: a push). */
  private void write(Workload workload, int tenantIndex, AtomicLong done) {
    String tenant = workload.tenants().get(tenantIndex);
    List<String> ids = workload.tickets().get(tenant);
    int pick;
    synchronized (random) {
      pick = random.nextInt(1 << 30);
    }
    if (inFlight.incrementAndGet() > 300) {
      // resource-service is saturated: skip rather than queue without end.
      inFlight.decrementAndGet();
      return;
    }
    // Every write flips its ticket's status (all start open), so none is a no-op.
    int ticket = pick % ids.size();
    int flip = workload.flips().get(tenant).getAndIncrement(ticket);
    String body = "{\"status\":\"" + (flip % 2 == 0 ? "in_progress" : "open") + "\"}";
    URI uri = workload.stack().resourceServiceUrl().resolve("/api/tickets/" + ids.get(ticket));
    http.sendAsync(
            HttpRequest.newBuilder(uri)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + writerToken(tenant))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              inFlight.decrementAndGet();
              if (error == null && response.statusCode() < 300) {
                done.incrementAndGet();
              }
            });
  }

  private static final Map<String, String> WRITERS = new ConcurrentHashMap<>();

  private static String writerToken(String tenant) {
    return WRITERS.computeIfAbsent(tenant, t -> TestTokens.token("writer", t, "admin"));
  }

  private List<String> createTickets(EmbeddedStack stack, String tenant) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TICKETS_PER_TENANT; i++) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(stack.resourceServiceUrl().resolve("/api/tickets"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"fair " + i + "\"}"))
                  .header("Authorization", "Bearer " + writerToken(tenant))
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isBetween(200, 299);
      String text = response.body();
      int at = text.indexOf("\"id\":\"") + 6;
      ids.add(text.substring(at, text.indexOf('"', at)));
    }
    return ids;
  }

  /**
   * Waits until the gateway consumed every notification the relay published and its counters stood
   * still for a second; false if that took over 60 s (the gateway fell behind).
   */
  private static boolean awaitQuiet(ConfigurableApplicationContext gateway, EmbeddedStack stack) {
    MeterRegistry meters = gateway.getBean(MeterRegistry.class);
    MeterRegistry relay = stack.relay().getBean(MeterRegistry.class);
    double[] last = {-1};
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                double now =
                    sum(meters, "keeplive.gateway.notifications")
                        + sum(meters, "keeplive.gateway.pushes")
                        + calls(meters);
                boolean still = now == last[0];
                last[0] = now;
                return still && sum(relay, "keeplive.relay.published") > 0;
              });
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private static void report(List<Phase> phases, String loadAtStart, String loadAtEnd)
      throws Exception {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "## Fairness benchmark run%n%n%d sessions, %d tenants (tenant 0 the noisy one), %d"
                    + " queries per quiet tenant and %d for the noisy one, quiet tenants %.1f writes/s"
                    + " each, noisy tenant %d× that; %d s per window (after %d s of warm-up per"
                    + " gateway)%n"
                    + "load average at start: %s; at end: %s%n%n"
                    + "| budget | window | quiet writes/s | noisy writes/s | quiet e2e p50 ms |"
                    + " quiet e2e p99 ms | noisy tenant p50 / p99 ms | live API calls | pushes |"
                    + " frames received | deferred (tenant budget / total budget / tenant rate) | server JVM cores |"
                    + " PostgreSQL cores | drained |%n|---|---|---|---|---|---|---|---|---|---|---|"
                    + "---|---|---|%n",
                SESSIONS,
                TENANTS,
                VARIANTS,
                NOISY_VARIANTS,
                BASE_RATE,
                NOISE,
                SECONDS,
                WARMUP_SECONDS,
                loadAtStart,
                loadAtEnd));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sessions", SESSIONS);
    json.put("tenants", TENANTS);
    json.put("queries_per_quiet_tenant", VARIANTS);
    json.put("queries_of_the_noisy_tenant", NOISY_VARIANTS);
    json.put("quiet_writes_per_second_per_tenant", BASE_RATE);
    json.put("noise_factor", NOISE);
    json.put("seconds_per_window", SECONDS);
    json.put("load_average_start", loadAtStart);
    json.put("load_average_end", loadAtEnd);
    for (Phase phase : phases) {
      out.append(phase.row());
    }
    out.append('\n');
    for (int i = 0; i + 1 < phases.size(); i += 2) {
      Phase alone = phases.get(i);
      Phase withNoise = phases.get(i + 1);
      double ratio =
          ClientLatencies.quantile(withNoise.quiet(), 0.99)
              / ClientLatencies.quantile(alone.quiet(), 0.99);
      double ratio50 =
          ClientLatencies.quantile(withNoise.quiet(), 0.5)
              / ClientLatencies.quantile(alone.quiet(), 0.5);
      String name = alone.budget() ? "budget_on" : "budget_off";
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("quiet_only", alone.json());
      figures.put("with_noisy_tenant", withNoise.json());
      figures.put("quiet_p99_with_over_without", ratio);
      figures.put("quiet_p50_with_over_without", ratio50);
      json.put(name, figures);
      out.append(
          String.format(
              Locale.ROOT,
              "budget %s: quiet tenants' p99 with the noisy tenant ÷ without: **%.2f×** (p50"
                  + " %.2f×; goal p99 ≤ 1.5×)%n",
              alone.budget() ? "on" : "off",
              ratio,
              ratio50));
    }
    // The strictest reading: the budget's noisy window against the quieter of the two quiet-only
    // windows (whichever gateway ran second had the warmer JVM).
    double quietest =
        phases.stream()
            .filter(p -> !p.noisy())
            .mapToDouble(p -> ClientLatencies.quantile(p.quiet(), 0.99))
            .min()
            .orElse(Double.NaN);
    phases.stream()
        .filter(p -> p.budget() && p.noisy())
        .findFirst()
        .ifPresent(
            on -> {
              double strict = ClientLatencies.quantile(on.quiet(), 0.99) / quietest;
              json.put("quiet_p99_budget_with_noise_over_best_quiet_only", strict);
              out.append(
                  String.format(
                      Locale.ROOT,
                      "budget on with the noisy tenant ÷ the best quiet-only window of either"
                          + " setting: **%.2f×**%n",
                      strict));
            });
    System.out.println(out);
    Files.createDirectories(OUT);
    Files.writeString(OUT.resolve("fairness.md"), out.toString());
    BenchmarkJson.write("fairness", json);
  }
}
