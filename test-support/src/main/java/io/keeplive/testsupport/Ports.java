package io.keeplive.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test stops and starts again on the same port.
 *
 * <p>A port the kernel handed out ({@code 0}) lies in its ephemeral range, the range it also draws
 * the local ports of outgoing connections from. Between a stop and the restart, any outgoing
 * connection on the machine (a benchmark's ten thousand clients, another build) may take the port,
 * and the restart fails with "address already in use". A port below that range is never taken that
 * way.
 */
public final class Ports {

  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int DEFAULT_EPHEMERAL_START = 32768;
  private static final int SPAN = 10_000;

  private Ports() {}

  /** A port free now, below the ephemeral range; a kernel-chosen one if none is found. */
  public static int restartable() {
    int end = ephemeralStart();
    int start = Math.max(1024, end - SPAN);
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(start, end);
      if (free(port)) {
        return port;
      }
    }
    return 0;
  }

  /**
   * The first port of the kernel's ephemeral range ({@code readString} sees one byte of a /proc
   * file).
   */
  static int ephemeralStart() {
    try {
      String[] range = Files.readAllLines(RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
