package io.keeplive.chaos.cluster;

import java.nio.file.Path;

/**
 * What a cluster is made of: its directory (ports, logs, data, PID files all live under it), its
 * ports, the class paths, and the secrets the services share (a fresh HS256 secret per cluster, not
 * the development one: the services run in production mode).
 */
public record ClusterSettings(
    Path directory,
    ClusterPorts ports,
    Classpaths classpaths,
    String jwtSecret,
    String serviceToken,
    String serviceHeap) {

  public ClusterSettings {
    directory = directory.toAbsolutePath().normalize();
  }

  public ClusterSettings withServiceHeap(String heap) {
    return new ClusterSettings(directory, ports, classpaths, jwtSecret, serviceToken, heap);
  }
}
