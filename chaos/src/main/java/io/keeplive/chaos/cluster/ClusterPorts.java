package io.keeplive.chaos.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Every port of a local cluster. A service's management port is its port + 1000 (the services'
 * default), so a service port is only chosen when that one is free too.
 */
public record ClusterPorts(
    int postgres,
    int kafka,
    int kafkaController,
    int gatewayBalancer,
    int resourceBalancer,
    List<Integer> gateways,
    List<Integer> resourceServices,
    List<Integer> relays) {

  public ClusterPorts {
    gateways = List.copyOf(gateways);
    resourceServices = List.copyOf(resourceServices);
    relays = List.copyOf(relays);
  }

  /**
   * Fixed ports from {@code base}: balancers on base+80 (gateways, WebSocket) and base+81 (REST),
   * PostgreSQL base+32, Kafka base+92/93, gateways base+100.., resource-services base+110.., relays
   * base+120.. (their management ports 1000 higher).
   */
  public static ClusterPorts fromBase(int base, int instances) {
    return new ClusterPorts(
        base + 32,
        base + 92,
        base + 93,
        base + 80,
        base + 81,
        range(base + 100, instances),
        range(base + 110, instances),
        range(base + 120, instances));
  }

  /** Ports that are free right now, for tests (never hard-coded). */
  public static ClusterPorts free(int instances) {
    Set<Integer> taken = new HashSet<>();
    return new ClusterPorts(
        freePort(taken, false),
        freePort(taken, false),
        freePort(taken, false),
        freePort(taken, false),
        freePort(taken, false),
        freeServicePorts(taken, instances),
        freeServicePorts(taken, instances),
        freeServicePorts(taken, instances));
  }

  private static List<Integer> range(int first, int count) {
    return IntStream.range(first, first + count).boxed().toList();
  }

  private static List<Integer> freeServicePorts(Set<Integer> taken, int count) {
    return IntStream.range(0, count).mapToObj(i -> freePort(taken, true)).toList();
  }

  private static int freePort(Set<Integer> taken, boolean withManagement) {
    // Below the kernel's ephemeral range (management ports too): a process restarted by a fault
    // must find its port free, and the outgoing connections of 240 reconnecting clients draw their
    // local ports from that range.
    int end = ephemeralStart() - (withManagement ? 1000 : 0);
    int start = Math.max(1024, end - 10_000);
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(start, end);
      if (!taken.contains(port)
          && isFree(port)
          && (!withManagement || (!taken.contains(port + 1000) && isFree(port + 1000)))) {
        taken.add(port);
        if (withManagement) {
          taken.add(port + 1000);
        }
        return port;
      }
    }
    throw new IllegalStateException("no free port found below " + end);
  }

  /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
  static int ephemeralStart() {
    try {
      String[] range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .get(0)
              .trim()
              .split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  void writeTo(Properties properties) {
    properties.setProperty("port.postgres", String.valueOf(postgres));
    properties.setProperty("port.kafka", String.valueOf(kafka));
    properties.setProperty("port.kafka-controller", String.valueOf(kafkaController));
    properties.setProperty("port.gateway-balancer", String.valueOf(gatewayBalancer));
    properties.setProperty("port.resource-balancer", String.valueOf(resourceBalancer));
    properties.setProperty("port.gateways", join(gateways));
    properties.setProperty("port.resource-services", join(resourceServices));
    properties.setProperty("port.relays", join(relays));
  }

  static ClusterPorts readFrom(Properties properties) {
    return new ClusterPorts(
        intOf(properties, "port.postgres"),
        intOf(properties, "port.kafka"),
        intOf(properties, "port.kafka-controller"),
        intOf(properties, "port.gateway-balancer"),
        intOf(properties, "port.resource-balancer"),
        listOf(properties, "port.gateways"),
        listOf(properties, "port.resource-services"),
        listOf(properties, "port.relays"));
  }

  private static String join(List<Integer> ports) {
    return String.join(",", ports.stream().map(String::valueOf).toList());
  }

  private static int intOf(Properties properties, String key) {
    return Integer.parseInt(properties.getProperty(key));
  }

  private static List<Integer> listOf(Properties properties, String key) {
    return Arrays.stream(properties.getProperty(key).split(",")).map(Integer::valueOf).toList();
  }
}
