package io.keeplive.chaos.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HAProxy in front of the gateways (WebSocket) and the resource-services (REST), each backend
 * health-checked on the services' public readiness endpoint. A connection that could not be
 * established is retried on the other server; a request that reached a server is never replayed.
 */
final class Haproxy {

  private Haproxy() {}

  static ManagedProcess prepare(ClusterSettings settings) {
    Path config = settings.directory().resolve("config/haproxy.cfg");
    KafkaBroker.write(config, config(settings.ports()));
    return new ManagedProcess(
        "haproxy",
        List.of(binary(), "-db", "-f", config.toString()),
        Map.of(),
        settings.directory());
  }

  static String binary() {
    return System.getenv().getOrDefault("KEEPLIVE_HAPROXY", "haproxy");
  }

  static String config(ClusterPorts ports) {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "global",
            "  maxconn 4000",
            "defaults",
            "  mode http",
            "  timeout connect 2s",
            "  timeout client 60s",
            "  timeout server 60s",
            // A WebSocket is a tunnel once upgraded: it lives as long as the client keeps it.
            "  timeout tunnel 1h",
            "  option redispatch",
            "  retries 2",
            // A check answers within 2 s or counts as failed; three failures in a row take a
            // server out (a busy machine must not make healthy servers flap).
            "  timeout check 2s",
            "  default-server inter 1s fall 3 rise 2"));
    lines.addAll(frontend("gateways", ports.gatewayBalancer()));
    lines.addAll(backend("gateways", "gateway", ports.gateways()));
    lines.addAll(frontend("resources", ports.resourceBalancer()));
    lines.addAll(backend("resources", "resource", ports.resourceServices()));
    return String.join("\n", lines) + "\n";
  }

  private static List<String> frontend(String name, int port) {
    return List.of(
        "frontend " + name, "  bind 127.0.0.1:" + port, "  default_backend " + name + "-servers");
  }

  private static List<String> backend(String name, String server, List<Integer> ports) {
    List<String> lines = new ArrayList<>();
    lines.add("backend " + name + "-servers");
    lines.add("  balance roundrobin");
    lines.add("  option httpchk GET /actuator/health/readiness");
    lines.add("  http-check expect status 200");
    lines.add("  retry-on conn-failure");
    for (int i = 0; i < ports.size(); i++) {
      lines.add("  server " + server + "-" + (i + 1) + " 127.0.0.1:" + ports.get(i) + " check");
    }
    return lines;
  }
}
