package io.keeplive.stack.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link BenchmarkClients} process holding sessions {@code from} to {@code to}. */
record ClientProcess(Process process, BufferedReader out, PrintWriter in) {

  /** Starts the clients and returns once each of them has its first {@code result}. */
  static ClientProcess start(
      List<String> webSocketUrls, int from, int to, String subscribe, List<String> tenants)
      throws IOException {
    ClientProcess clients = launch(webSocketUrls, from, to, subscribe, tenants, List.of());
    clients.expect("connected ");
    return clients;
  }

  /**
   * Starts the clients of a connect storm and returns once each session is prepared (token signed);
   * they connect on {@link #go()}.
   *
   * @param localAddress the source address of this process's connections (a 127.x.y.z), or empty
   */
  static ClientProcess prepare(
      List<String> webSocketUrls,
      int from,
      int to,
      String subscribe,
      List<String> tenants,
      String localAddress)
      throws IOException {
    ClientProcess clients =
        launch(
            webSocketUrls,
            from,
            to,
            subscribe,
            tenants,
            List.of(
                "-Dbench.awaitGo=true",
                "-Dbench.connectBatch=" + Integer.MAX_VALUE,
                "-Dbench.localAddress=" + localAddress));
    clients.expect("ready");
    return clients;
  }

  /** Every prepared session connects now. */
  void go() {
    in.println("go");
  }

  /**
   * Waits until every session has its first result; returns the client's seconds since go and the
   * connects it retried.
   */
  double[] awaitConnected() throws IOException {
    String[] words = expect("connected ").split(" ");
    return new double[] {Double.parseDouble(words[1]), Double.parseDouble(words[2])};
  }

  private String expect(String prefix) throws IOException {
    String line = out.readLine();
    if (line == null || !line.startsWith(prefix)) {
      process.destroyForcibly();
      throw new IllegalStateException("client process failed: " + line);
    }
    return line;
  }

  private static ClientProcess launch(
      List<String> webSocketUrls,
      int from,
      int to,
      String subscribe,
      List<String> tenants,
      List<String> properties)
      throws IOException {
    List<String> options = new ArrayList<>();
    options.add("-Dbench.connectBatch=" + Integer.getInteger("bench.connectBatch", 64));
    options.add("-Dbench.latency=" + Boolean.getBoolean("bench.latency"));
    options.add("-Dbench.variants=" + System.getProperty("bench.variants", "1"));
    // Later properties win: a storm's own settings come after the defaults.
    options.addAll(properties);
    List<String> args = new ArrayList<>();
    args.add(String.join(",", webSocketUrls));
    args.add(String.valueOf(from));
    args.add(String.valueOf(to));
    args.add(subscribe);
    args.addAll(tenants);
    ChildJvm child = ChildJvm.start("2g", options, BenchmarkClients.class, args);
    return new ClientProcess(child.process(), child.out(), child.in());
  }

  static long cpuNanos(List<ClientProcess> all) {
    return all.stream()
        .mapToLong(c -> c.process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
        .sum();
  }

  /** Each process's {@code frames <n> bytes <n> closed <n>} line, joined by "; ". */
  static String report(List<ClientProcess> all) throws IOException {
    List<String> lines = new ArrayList<>();
    for (ClientProcess clients : all) {
      clients.in.println("report");
      lines.add(clients.out.readLine());
    }
    return String.join("; ", lines);
  }

  /** Frames and bytes received so far by all processes: {@code {frames, bytes}}. */
  static long[] received(List<ClientProcess> all) throws IOException {
    long[] total = new long[2];
    for (String line : report(all).split("; ")) {
      String[] words = line.split(" ");
      total[0] += Long.parseLong(words[1]);
      total[1] += Long.parseLong(words[3]);
    }
    return total;
  }

  /**
   * Per tenant index, the latency histograms of all processes (started with {@code
   * bench.latency=true}), see {@link ClientLatencies}.
   */
  static Map<Integer, long[]> latencies(List<ClientProcess> all) throws IOException {
    Map<Integer, long[]> byTenant = new HashMap<>();
    for (ClientProcess clients : all) {
      clients.in.println("latency");
      ClientLatencies.parse(clients.out.readLine(), byTenant);
    }
    return byTenant;
  }

  /** Empties the latency histograms of all processes. */
  static void resetLatencies(List<ClientProcess> all) {
    all.forEach(clients -> clients.in.println("reset"));
  }

  void exit() throws InterruptedException {
    in.println("exit");
    process.waitFor(30, TimeUnit.SECONDS);
  }

  void kill() {
    process.destroyForcibly();
  }
}
