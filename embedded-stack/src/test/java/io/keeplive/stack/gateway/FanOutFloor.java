package io.keeplive.stack.gateway;

import io.keeplive.stack.benchmark.RawFanOutServer;
import io.keeplive.stack.benchmark.ThreadCpu;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same clients, the same number of sockets, the same frame size and push rate as the gateway's
 * measured window, against {@link RawFanOutServer} in a JVM of its own: what the fan-out alone
 * costs on this machine.
 */
final class FanOutFloor {

  /** The floor's measured window: CPU of the raw server and of the clients, frames received. */
  record Result(long serverNanos, long clientNanos, long frames, long bytes, double seconds) {
    double serverMicrosPerPush() {
      return serverNanos / 1e3 / frames;
    }

    double clientMicrosPerPush() {
      return clientNanos / 1e3 / frames;
    }
  }

  private FanOutFloor() {}

  static Result measure(
      int sessions,
      String subscribe,
      List<String> tenants,
      double writesPerSecond,
      int pushesPerWrite,
      int frameBytes,
      int seconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-XX:+UseParallelGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RawFanOutServer.class.getName());
    Process server =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<ClientProcess> clients = new ArrayList<>();
    try {
      var out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      var in =
          new PrintWriter(
              new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8), true);
      String listening = out.readLine();
      String url = "ws://127.0.0.1:" + listening.split(" ")[1] + "/live";
      clients.add(ClientProcess.start(List.of(url), 0, sessions / 2, subscribe, tenants));
      clients.add(ClientProcess.start(List.of(url), sessions / 2, sessions, subscribe, tenants));
      String push = " " + writesPerSecond + " " + pushesPerWrite + " " + frameBytes + " ";
      // Warm-up at the same rate: the raw server's JIT compiles its few methods here.
      in.println("push" + push + Math.min(seconds, 15));
      out.readLine();
      long[] before = ClientProcess.received(clients);
      long serverBefore = ThreadCpu.ofProcess(server.toHandle());
      long clientsBefore = ClientProcess.cpuNanos(clients);
      long start = System.nanoTime();
      in.println("push" + push + seconds);
      out.readLine();
      double wall = (System.nanoTime() - start) / 1e9;
      long[] after = ClientProcess.received(clients);
      Result result =
          new Result(
              ThreadCpu.ofProcess(server.toHandle()) - serverBefore,
              ClientProcess.cpuNanos(clients) - clientsBefore,
              after[0] - before[0],
              after[1] - before[1],
              wall);
      in.println("exit");
      for (ClientProcess c : clients) {
        c.exit();
      }
      server.waitFor(10, TimeUnit.SECONDS);
      return result;
    } finally {
      clients.forEach(ClientProcess::kill);
      server.destroyForcibly();
    }
  }
}
