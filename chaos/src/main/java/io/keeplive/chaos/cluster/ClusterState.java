package io.keeplive.chaos.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * {@code cluster.properties} in the cluster directory: the ports and secrets of a running cluster,
 * for {@code status}, {@code token} and anything else that attaches to it later.
 */
public final class ClusterState {

  static final String FILE = "cluster.properties";

  private ClusterState() {}

  static void write(ClusterSettings settings) {
    Properties properties = new Properties();
    settings.ports().writeTo(properties);
    properties.setProperty("jwt.secret", settings.jwtSecret());
    properties.setProperty("live-api.service-token", settings.serviceToken());
    properties.setProperty("service.heap", settings.serviceHeap());
    try {
      Files.createDirectories(settings.directory());
      try (Writer out = Files.newBufferedWriter(settings.directory().resolve(FILE))) {
        properties.store(out, "Keeplive local cluster (secrets for this cluster only)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The settings of the cluster whose directory is {@code directory}. */
  public static ClusterSettings read(Path directory, Classpaths classpaths) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(directory.resolve(FILE))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("no cluster in " + directory, e);
    }
    return new ClusterSettings(
        directory,
        ClusterPorts.readFrom(properties),
        classpaths,
        properties.getProperty("jwt.secret"),
        properties.getProperty("live-api.service-token"),
        properties.getProperty("service.heap"));
  }

  /** Fresh settings with random secrets (each at least 32 bytes, as HS256 requires). */
  public static ClusterSettings fresh(Path directory, ClusterPorts ports, Classpaths classpaths) {
    return new ClusterSettings(directory, ports, classpaths, secret(), secret(), "384m");
  }

  private static String secret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
