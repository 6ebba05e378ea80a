package io.keeplive.stack.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's client program in a JVM of its own (so that its CPU is measured apart from the
 * servers'), on this JVM's class path, talking line by line over its standard input and output; its
 * standard error goes to ours.
 */
record ChildJvm(Process process, BufferedReader out, PrintWriter in) {

  /**
   * Starts {@code main} with {@code args}: heap {@code -Dbench.clientHeap} (default {@code
   * defaultHeap}), the parallel collector, then {@code options} (later ones win).
   */
  static ChildJvm start(String defaultHeap, List<String> options, Class<?> main, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + System.getProperty("bench.clientHeap", defaultHeap));
    command.add("-XX:+UseParallelGC");
    command.addAll(options);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new ChildJvm(
        process,
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true));
  }
}
