package io.keeplive.chaos.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Real signals to real processes ({@code kill -STOP} has no Java API). */
final class Signals {

  private Signals() {}

  static void send(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("could not send SIG" + signal + " to " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The process of a PID file if it still runs and belongs to this cluster: its command line names
   * the cluster directory, so a reused PID of an unrelated process is never signalled.
   */
  static Optional<ProcessHandle> ownProcess(Path pidFile, Path clusterDirectory) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              handle ->
                  handle
                      .info()
                      .commandLine()
                      .map(line -> line.contains(clusterDirectory.toString()))
                      .orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Sends {@code signal}, waits up to {@code grace}, then SIGKILL; true when it is gone. */
  static boolean stop(ProcessHandle handle, String signal, Duration grace) {
    send(handle.pid(), "CONT");
    send(handle.pid(), signal);
    Instant deadline = Instant.now().plus(grace);
    while (handle.isAlive() && Instant.now().isBefore(deadline)) {
      try {
        handle.onExit().get(100, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // still running: check the deadline again
      }
    }
    if (handle.isAlive()) {
      send(handle.pid(), "KILL");
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        return !handle.isAlive();
      }
    }
    return !handle.isAlive();
  }
}
