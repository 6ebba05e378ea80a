package io.keeplive.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded KRaft broker in a child JVM of its own, for benchmarks: the broker then has its own
 * heap, GC and JIT, and its pauses and compilations are not charged to the measured client (it
 * still shares the machine's cores). The child prints its bootstrap address on one line and stops
 * when its standard input closes, so it never outlives the parent.
 */
final class KafkaChildJvm {

  private static final String READY = "keeplive-kafka-bootstrap=";

  private KafkaChildJvm() {}

  static Kafka start(List<String> jvmArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KafkaChildJvm.class.getName());
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(READY)) {
          String bootstrap = line.substring(READY.length());
          Thread drain = new Thread(() -> drain(out), "kafka-child-stdout");
          drain.setDaemon(true);
          drain.start();
          return Kafka.of(bootstrap, () -> stop(process));
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException("the Kafka child JVM exited before it was ready");
    } catch (IOException e) {
      throw new IllegalStateException("could not start the Kafka child JVM", e);
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // The broker's own logging goes nowhere; reading keeps the pipe from filling up.
      }
    } catch (IOException e) {
      // The child is gone.
    }
  }

  private static void stop(Process process) throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child: start the broker, announce it, run until standard input closes. */
  public static void main(String[] args) throws IOException {
    Kafka kafka = Kafka.startEmbedded();
    System.out.println(READY + kafka.bootstrapServers());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Nothing is sent on standard input; end of input means the parent is gone or done.
    }
    kafka.close();
    System.exit(0);
  }
}
