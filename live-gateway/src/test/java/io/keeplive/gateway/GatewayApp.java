package io.keeplive.gateway;

import io.keeplive.contracts.boot.ManagementPort;
import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.testsupport.Kafka;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real gateway application on a free port against the shared Kafka broker. */
final class GatewayApp implements AutoCloseable {

  static final String TOPIC = "keeplive.notifications.gateway-tests";

  private final ConfigurableApplicationContext context;

  private GatewayApp(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static GatewayApp start(Map<String, String> overrides) {
    Kafka kafka = Kafka.shared();
    kafka.createTopic(TOPIC, 2);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    properties.put("keeplive.dev-mode", "true");
    properties.put("keeplive.jwt.secret", JwtSettings.DEVELOPMENT_SECRET);
    properties.put("keeplive.gateway.topic", TOPIC);
    // Nothing listens there: these tests need no data, and plans simply stay pending.
    properties.put("keeplive.gateway.resource-service-url", "http://localhost:9");
    properties.putAll(overrides);
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return new GatewayApp(LiveGatewayApplication.application().run(args.toArray(String[]::new)));
  }

  String url() {
    return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
  }

  /** The management server (Prometheus, {@code /actuator/live}). */
  String managementUrl() {
    return "http://localhost:" + ManagementPort.of(context);
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    context.close();
  }
}
