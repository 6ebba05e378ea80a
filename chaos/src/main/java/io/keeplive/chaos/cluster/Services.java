package io.keeplive.chaos.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command lines of the service JVMs: the modules' jars and runtime dependencies, the main class
 * each service ships, production mode (no {@code keeplive.dev-mode}), the cluster's JWT secret and
 * live-API service credential through the environment as an operator would set them.
 */
final class Services {

  static final String RESOURCE_MAIN = "io.keeplive.resource.ResourceServiceApplication";
  static final String RELAY_MAIN = "io.keeplive.relay.NotifierRelayApplication";
  static final String GATEWAY_MAIN = "io.keeplive.gateway.LiveGatewayApplication";

  private Services() {}

  static ManagedProcess resourceService(ClusterSettings settings, int index) {
    String jdbc = PostgresServer.jdbcUrl(settings, PostgresServer.DATABASE);
    return service(
        settings,
        "resource-" + index,
        RESOURCE_MAIN,
        settings.ports().resourceServices().get(index - 1),
        List.of(
            "--spring.r2dbc.url=" + PostgresServer.r2dbcUrl(settings),
            "--spring.r2dbc.username=" + PostgresServer.USER,
            "--spring.r2dbc.password=",
            "--spring.flyway.url=" + jdbc,
            "--spring.flyway.user=" + PostgresServer.USER,
            "--spring.flyway.password="));
  }

  static ManagedProcess relay(ClusterSettings settings, int index) {
    return service(
        settings,
        "relay-" + index,
        RELAY_MAIN,
        settings.ports().relays().get(index - 1),
        List.of(
            "--spring.datasource.url=" + PostgresServer.jdbcUrl(settings, PostgresServer.DATABASE),
            "--spring.datasource.username=" + PostgresServer.USER,
            "--spring.datasource.password=",
            "--spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrap(settings),
            // One broker: the topic can only have one replica.
            "--keeplive.relay.allow-single-replica=true"));
  }

  static ManagedProcess gateway(ClusterSettings settings, int index) {
    return service(
        settings,
        "gateway-" + index,
        GATEWAY_MAIN,
        settings.ports().gateways().get(index - 1),
        List.of(
            "--spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrap(settings),
            // Refetches go through the balancer, as they would to a Kubernetes service.
            "--keeplive.gateway.resource-service-url=http://127.0.0.1:"
                + settings.ports().resourceBalancer()));
  }

  private static ManagedProcess service(
      ClusterSettings settings, String name, String mainClass, int port, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(KafkaBroker.javaBinary());
    command.add("-Xmx" + settings.serviceHeap());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xss512k");
    // Names the cluster on the command line, so that down recognises its own processes.
    command.add("-Dkeeplive.cluster=" + settings.directory());
    command.add("-cp");
    command.add(settings.classpaths().services());
    command.add(mainClass);
    command.add("--server.port=" + port);
    command.addAll(args);
    return new ManagedProcess(
        name,
        command,
        Map.of(
            "KEEPLIVE_JWT_SECRET", settings.jwtSecret(),
            "KEEPLIVE_LIVE_API_SERVICE_TOKEN", settings.serviceToken()),
        settings.directory());
  }
}
