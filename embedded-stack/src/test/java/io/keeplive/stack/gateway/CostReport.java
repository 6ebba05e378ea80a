package io.keeplive.stack.gateway;

import io.keeplive.stack.benchmark.BarChartSvg;
import io.keeplive.stack.benchmark.Component;
import io.keeplive.stack.benchmark.FlameGraphSvg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The measured window's CPU per write and per delivered push by component, the gateway's share of
 * it against the raw fan-out floor, and the pictures (CPU bars, flame graph) under {@code
 * target/benchmarks/}.
 */
final class CostReport {

  static final Set<Component> GATEWAY =
      EnumSet.of(
          Component.GATEWAY_REFETCH,
          Component.GATEWAY_SESSIONS,
          Component.GATEWAY_CONSUMER,
          Component.GATEWAY_IO);
  static final Set<Component> NOT_STEADY =
      EnumSet.of(Component.JIT, Component.CLIENTS, Component.DRIVER);

  private final WindowCost.Result window;
  private final long writes;
  private final long pushes;
  private final long bytes;
  private final double seconds;

  CostReport(WindowCost.Result window, long writes, long pushes, long bytes, double seconds) {
    this.window = window;
    this.writes = writes;
    this.pushes = pushes;
    this.bytes = bytes;
    this.seconds = seconds;
  }

  long nanos(Set<Component> components) {
    return window.nanos().entrySet().stream()
        .filter(e -> components.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Server and PostgreSQL work of the path: everything but JIT, clients and the write driver. */
  long steadyNanos() {
    return nanos(EnumSet.complementOf(EnumSet.copyOf(NOT_STEADY)));
  }

  double gatewayMicrosPerPush() {
    return nanos(GATEWAY) / 1e3 / pushes;
  }

  long pushes() {
    return pushes;
  }

  int frameBytes() {
    return (int) Math.max(1, bytes / Math.max(1, pushes));
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nCPU by component over the measured window (%.0f s, %d writes, %d pushes delivered,"
                + " %.1f pushes per write, %d bytes per push):%n%n"
                + "| component | cores | ms per write | µs per delivered push |%n|---|---|---|---|%n",
            seconds,
            writes,
            pushes,
            (double) pushes / writes,
            frameBytes()));
    for (Component c : Component.values()) {
      long n = window.nanos().getOrDefault(c, 0L);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.2f | %.1f |%n",
              c.label(),
              n / 1e9 / seconds,
              n / 1e6 / writes,
              n / 1e3 / pushes));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| **steady path (server JVM without JIT and write driver, Kafka, PostgreSQL)** |"
                + " %.3f | **%.2f** | %.1f |%n"
                + "| gateway (the four gateway rows) | %.3f | %.2f | **%.1f** |%n%n"
                + "Server JVM process CPU %.2f cores; its thread pools add up to %.2f cores"
                + " (threads that ended inside the window are missing from the pools).%n"
                + "Thread pools of the server JVM, cores: %s%n",
            steadyNanos() / 1e9 / seconds,
            steadyNanos() / 1e6 / writes,
            steadyNanos() / 1e3 / pushes,
            nanos(GATEWAY) / 1e9 / seconds,
            nanos(GATEWAY) / 1e6 / writes,
            gatewayMicrosPerPush(),
            window.jvm() / 1e9 / seconds,
            window.pools().values().stream().mapToLong(Long::longValue).sum() / 1e9 / seconds,
            topPools()));
    return out.toString();
  }

  private String topPools() {
    StringBuilder out = new StringBuilder();
    window.pools().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(30)
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT, "%s %.3f; ", e.getKey(), e.getValue() / 1e9 / seconds)));
    return out.toString();
  }

  Map<String, Object> json() {
    Map<String, Object> perWrite = new LinkedHashMap<>();
    Map<String, Object> cores = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      long n = window.nanos().getOrDefault(c, 0L);
      perWrite.put(c.label(), n / 1e6 / writes);
      cores.put(c.label(), n / 1e9 / seconds);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cpu_ms_per_write", perWrite);
    json.put("cores", cores);
    json.put("steady_cpu_ms_per_write", steadyNanos() / 1e6 / writes);
    json.put("gateway_cpu_us_per_push", gatewayMicrosPerPush());
    json.put("pushes_per_write", (double) pushes / writes);
    json.put("bytes_per_push", frameBytes());
    return json;
  }

  void writePictures(Path directory, String name) throws IOException {
    Files.createDirectories(directory);
    Map<String, Double> bars = new LinkedHashMap<>();
    for (Component c : Component.values()) {
      bars.put(c.label(), window.nanos().getOrDefault(c, 0L) / 1e6 / writes);
    }
    Files.writeString(
        directory.resolve(name + "-cpu.svg"),
        BarChartSvg.render(
            String.format(
                Locale.ROOT,
                "CPU per write by component (%d writes in %.0f s, %.0f pushes/write)",
                writes,
                seconds,
                (double) pushes / writes),
            "ms",
            bars));
    StringBuilder collapsed = new StringBuilder();
    window
        .samples()
        .collapsed()
        .forEach((k, v) -> collapsed.append(k).append(' ').append(v).append('\n'));
    Files.writeString(directory.resolve(name + ".collapsed"), collapsed);
    Files.writeString(
        directory.resolve(name + "-flame.svg"),
        FlameGraphSvg.render(
            "Server JVM, measured window, JFR execution samples", window.samples().collapsed()));
  }
}
