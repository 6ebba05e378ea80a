package io.keeplive.stack;

import java.util.Map;

/**
 * Ports and names of the embedded stack. Every value can be overridden with a system property
 * {@code -Dkeeplive.stack.<name>=...}, e.g. {@code -Dkeeplive.stack.gateway-port=9080}.
 *
 * @param gatewayPort live-gateway HTTP/WebSocket port (demo page, {@code /live}); 0 = any free port
 * @param resourceServicePort resource-service REST port
 * @param relayPort notifier-relay actuator port
 * @param postgresPort embedded PostgreSQL port (only when the stack starts its own)
 * @param databaseName database the services use
 * @param topic Kafka notifications topic
 * @param extraArguments further service properties, passed to all three services
 */
public record StackSettings(
    int gatewayPort,
    int resourceServicePort,
    int relayPort,
    int postgresPort,
    String databaseName,
    String topic,
    Map<String, String> extraArguments) {

  public StackSettings {
    extraArguments = Map.copyOf(extraArguments);
  }

  /** SPEC defaults: gateway 8080, resource-service 8081, relay 8082. */
  public static StackSettings fromSystemProperties(Map<String, String> extraArguments) {
    return new StackSettings(
        intProperty("gateway-port", 8080),
        intProperty("resource-service-port", 8081),
        intProperty("relay-port", 8082),
        intProperty("postgres-port", 15432),
        System.getProperty("keeplive.stack.database", "keeplive"),
        System.getProperty("keeplive.stack.topic", "keeplive.notifications"),
        extraArguments);
  }

  /** Every service on a free port: for tests that run several stacks or instances. */
  public static StackSettings ephemeral(String topic, Map<String, String> extraArguments) {
    return new StackSettings(0, 0, 0, 0, "keeplive", topic, extraArguments);
  }

  private static int intProperty(String name, int defaultValue) {
    return Integer.getInteger("keeplive.stack." + name, defaultValue);
  }
}
