package io.keeplive.stack.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of this JVM's execution samples over a measured window, read back as collapsed
 * stacks ({@code pool;outer frame;…;inner frame} → samples) and as samples per thread pool and
 * {@link Component}. Execution samples see Java code only: time a thread spends in system calls is
 * in {@link ThreadCpu}'s figures and is shared out by these samples.
 */
public final class JfrProfile implements AutoCloseable {

  private final Recording recording = new Recording();

  private JfrProfile() {}

  /** Starts sampling every thread running Java code every 10 ms. */
  public static JfrProfile start() {
    JfrProfile profile = new JfrProfile();
    profile.recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
    profile.recording.setToDisk(true);
    profile.recording.start();
    return profile;
  }

  /** Stops sampling and writes the recording to {@code file}. */
  public Path stop(Path file) throws IOException {
    recording.stop();
    recording.dump(file);
    return file;
  }

  @Override
  public void close() {
    recording.close();
  }

  /** Samples read from a recording. */
  public record Samples(Map<String, Long> collapsed, Map<String, Map<Component, Long>> byPool) {

    public static Samples read(Path file) throws IOException {
      Map<String, Long> collapsed = new HashMap<>();
      Map<String, Map<Component, Long>> byPool = new HashMap<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || event.getStackTrace() == null) {
          continue;
        }
        var thread = event.getThread("sampledThread");
        String pool = ThreadCpu.pool(thread == null ? "?" : thread.getJavaName());
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        List<String> classes = frames.stream().map(f -> f.getMethod().getType().getName()).toList();
        byPool
            .computeIfAbsent(pool, k -> new HashMap<>())
            .merge(Component.ofStack(classes, pool), 1L, Long::sum);
        StringBuilder stack = new StringBuilder(pool);
        for (int i = frames.size() - 1; i >= 0; i--) {
          stack.append(';').append(frameName(frames.get(i)));
        }
        collapsed.merge(stack.toString(), 1L, Long::sum);
      }
      return new Samples(collapsed, byPool);
    }

    private static String frameName(RecordedFrame frame) {
      String type = frame.getMethod().getType().getName();
      // Lambdas and hidden classes carry addresses that differ run to run.
      type = type.replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda").replaceAll("/0x[0-9a-f]+", "");
      return type + "." + frame.getMethod().getName();
    }
  }
}
