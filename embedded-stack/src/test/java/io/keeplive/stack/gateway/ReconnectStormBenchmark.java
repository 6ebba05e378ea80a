package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.BenchmarkJson;
import io.keeplive.testsupport.TestTokens;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A reconnect storm (issue 16, SPEC §4.3), with and without etags in the same run: N sessions (many
 * tenants, mixed roles, each subscribed to a ticket list) are live on one gateway instance; it is
 * stopped (every session gets {@code 1001}) and each session reconnects at once to a fresh instance
 * and resubscribes, either plainly or with the etag of its last result. Measured per storm: the
 * time from the first close to the last session's first result on the new instance, and the frames
 * and bytes that instance sent until then. The two kinds alternate (plain, etag, plain, …) so that
 * neither always meets the warmer JIT; the data does not change during the run.
 *
 * <p>Run: {@code ./mvnw -B -q -pl embedded-stack verify -Dspotless.check.skip=true
 * -DexcludedGroups= -Dtest=ReconnectStormBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.sessions=10000 -Dbench.tenants=100 -Dbench.rounds=2
 * -Dkeeplive.test.jvmArgs="-XX:+UseParallelGC -Xmx6g"}. Results are printed and written to {@code
 * target/reconnect-storm.md}.
 */
@Tag("benchmark")
class ReconnectStormBenchmark {

  private static final int SESSIONS = Integer.getInteger("bench.sessions", 10_000);
  private static final int TENANTS = Integer.getInteger("bench.tenants", 100);
  private static final int TICKETS = Integer.getInteger("bench.tickets", 30);
  private static final int LIMIT = Integer.getInteger("bench.limit", 25);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  private static final int PROCESSES = Integer.getInteger("bench.clientProcesses", 2);
  private static final String SUBSCRIBE =
      "{\"type\":\"subscribe\",\"id\":\"q\",\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],"
          + "\"limit\":"
          + LIMIT;

  /** The printed figures as {@code target/benchmarks/reconnect-storm.json}. */
  private static Map<String, Object> summary(List<Storm> storms) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("sessions", SESSIONS);
    figures.put("tenants", TENANTS);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Storm storm : storms) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("resubscribe", storm.kind().equals("etag") ? "with_etag" : "without_etag");
      row.put("seconds_first_close_to_all_live", storm.clientSeconds());
      row.put("seconds_stop_to_all_live", storm.wallSeconds());
      row.put("frames", storm.frames());
      row.put("bytes", storm.bytes());
      row.put("bytes_per_session", storm.bytes() / (double) SESSIONS);
      row.put("unchanged", storm.unchanged());
      rows.add(row);
    }
    figures.put("storms", rows);
    return figures;
  }

  /** What one storm cost. */
  record Storm(
      String kind,
      double clientSeconds,
      double wallSeconds,
      long frames,
      long bytes,
      long unchanged,
      long failed) {}

  @Test
  void reconnectStormWithAndWithoutEtags() throws Exception {
    EmbeddedStack stack = SharedStack.get();
    List<String> tenants = new ArrayList<>();
    for (int t = 0; t < TENANTS; t++) {
      tenants.add("storm-" + TestTokens.randomTenant());
    }
    insertTickets(stack, tenants);
    ConfigurableApplicationContext current = stack.startGateway(0);
    List<Clients> processes = new ArrayList<>();
    List<Storm> storms = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        processes.add(
            Clients.start(SESSIONS * p / PROCESSES, SESSIONS * (p + 1) / PROCESSES, tenants));
      }
      String initial = send(processes, "connect " + ws(stack, current), "live");
      System.out.println("initial connect: " + initial);
      for (int round = 0; round < ROUNDS; round++) {
        for (String kind : List.of("plain", "etag")) {
          ConfigurableApplicationContext next = stack.startGateway(0);
          send(processes, "next " + ws(stack, next) + " " + kind, "armed");
          long start = System.nanoTime();
          stack.stopGateway(current);
          current = next;
          storms.add(storm(kind, processes, start));
          System.out.println(storms.get(storms.size() - 1));
        }
      }
      String report = report(storms);
      System.out.println(report);
      Files.writeString(Path.of("target/reconnect-storm.md"), report);
      BenchmarkJson.write("reconnect-storm", summary(storms));
      for (Clients clients : processes) {
        clients.exit();
      }
      for (Storm storm : storms) {
        assertThat(storm.failed()).as("connections refused in %s", storm).isZero();
        if (storm.kind().equals("etag")) {
          assertThat(storm.unchanged()).as("unchanged results").isEqualTo(SESSIONS);
        }
      }
    } finally {
      processes.forEach(Clients::kill);
      stack.stopGateway(current);
    }
  }

  private static String ws(EmbeddedStack stack, ConfigurableApplicationContext gateway) {
    return stack.gatewayUrl(gateway).toString().replace("http", "ws") + "/live";
  }

  /** Tickets straight into the table: no outbox rows, so nothing is notified during the run. */
  private static void insertTickets(EmbeddedStack stack, List<String> tenants) throws Exception {
    Random random = new Random(16);
    try (Connection connection = stack.database().connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tickets (tenant_id, id, title, status, assignee_id, created_by,"
                    + " version, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?, 1, ?, ?)")) {
      Instant base = Instant.parse("2026-01-01T00:00:00Z");
      for (int t = 0; t < tenants.size(); t++) {
        for (int n = 0; n < TICKETS; n++) {
          // Users of tenant t are sessions i with i % tenants == t (BenchmarkClients.roleOf).
          int someone = t + tenants.size() * random.nextInt(Math.max(1, SESSIONS / tenants.size()));
          Timestamp at = Timestamp.from(base.plusSeconds(n * 60L + t));
          insert.setString(1, tenants.get(t));
          insert.setObject(2, UUID.randomUUID());
          insert.setString(3, "Ticket " + n + " of " + tenants.get(t) + ": " + "x".repeat(60));
          insert.setString(4, random.nextInt(3) == 0 ? null : "u" + someone);
          insert.setString(5, "u" + (t + tenants.size() * random.nextInt(10)));
          insert.setTimestamp(6, at);
          insert.setTimestamp(7, at);
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  private static String send(List<Clients> processes, String command, String answer)
      throws Exception {
    for (Clients clients : processes) {
      clients.in.println(command);
    }
    List<String> lines = new ArrayList<>();
    for (Clients clients : processes) {
      String line = clients.out.readLine();
      if (line == null || !line.startsWith(answer)) {
        throw new IllegalStateException("client process answered " + line + " to " + command);
      }
      lines.add(line);
    }
    return String.join("; ", lines);
  }

  private static Storm storm(String kind, List<Clients> processes, long start) throws Exception {
    double seconds = 0;
    long frames = 0;
    long bytes = 0;
    long unchanged = 0;
    long failed = 0;
    for (Clients clients : processes) {
      String line = clients.out.readLine();
      if (line == null || !line.startsWith("live ")) {
        throw new IllegalStateException("client process answered " + line);
      }
      String[] f = line.split(" ");
      seconds = Math.max(seconds, Double.parseDouble(f[1]));
      frames += Long.parseLong(f[2]);
      bytes += Long.parseLong(f[3]);
      unchanged += Long.parseLong(f[4]);
      failed += Long.parseLong(f[5]);
    }
    return new Storm(
        kind, seconds, (System.nanoTime() - start) / 1e9, frames, bytes, unchanged, failed);
  }

  private static String report(List<Storm> storms) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d sessions, %d tenants, %d tickets per tenant, limit %d, %d client processes%n%n",
            SESSIONS,
            TENANTS,
            TICKETS,
            LIMIT,
            PROCESSES));
    out.append(
        "| storm | resubscribe | first close → every session live (s) | stop called → every"
            + " session live (s) | frames sent | bytes sent | bytes per session | unchanged |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < storms.size(); i++) {
      Storm s = storms.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.2f | %.2f | %,d | %,d | %,.0f | %,d |%n",
              i + 1,
              s.kind().equals("etag") ? "with etag" : "without etag",
              s.clientSeconds(),
              s.wallSeconds(),
              s.frames(),
              s.bytes(),
              s.bytes() / (double) SESSIONS,
              s.unchanged()));
    }
    return out.toString();
  }

  /** A {@link StormClients} process. */
  private record Clients(Process process, BufferedReader out, PrintWriter in) {

    static Clients start(int from, int to, List<String> tenants) throws Exception {
      List<String> args = new ArrayList<>();
      args.add(String.valueOf(from));
      args.add(String.valueOf(to));
      args.add(SUBSCRIBE);
      args.addAll(tenants);
      ChildJvm child = ChildJvm.start("1g", List.of(), StormClients.class, args);
      return new Clients(child.process(), child.out(), child.in());
    }

    void exit() throws InterruptedException {
      in.println("exit");
      process.waitFor(30, TimeUnit.SECONDS);
    }

    void kill() {
      process.destroyForcibly();
    }
  }
}
