package io.keeplive.stack;

import io.keeplive.contracts.boot.ManagementPort;
import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.gateway.LiveGatewayApplication;
import io.keeplive.relay.NotifierRelayApplication;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts and stops the whole stack in this JVM. */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

  /** Stacks running in this JVM, for {@link #managementUrlOfServiceAt}. */
  private static final Set<EmbeddedStack> RUNNING = ConcurrentHashMap.newKeySet();

  private final StackSettings settings;
  private final List<AutoCloseable> infrastructure;
  private final ConfigurableApplicationContext resourceService;
  private final ConfigurableApplicationContext relay;
  private final Postgres.Database database;
  private final String kafkaBootstrapServers;
  private final List<ConfigurableApplicationContext> gateways = new CopyOnWriteArrayList<>();

  private EmbeddedStack(
      StackSettings settings,
      List<AutoCloseable> infrastructure,
      Postgres.Database database,
      String kafkaBootstrapServers,
      ConfigurableApplicationContext resourceService,
      ConfigurableApplicationContext relay) {
    this.settings = settings;
    this.infrastructure = infrastructure;
    this.database = database;
    this.kafkaBootstrapServers = kafkaBootstrapServers;
    this.resourceService = resourceService;
    this.relay = relay;
  }

  /** Starts PostgreSQL and Kafka on the configured ports, then the three services. */
  public static EmbeddedStack startWithInfrastructure(StackSettings settings) {
    log.info("Starting PostgreSQL on port {}", settings.postgresPort());
    Postgres postgres = Postgres.start(settings.postgresPort(), null);
    log.info("Starting Kafka (KRaft)");
    Kafka kafka = Kafka.startEmbedded();
    postgres.createDatabaseIfMissing(settings.databaseName());
    return start(
        settings,
        postgres.database(settings.databaseName()),
        kafka.bootstrapServers(),
        List.of(kafka, postgres));
  }

  /**
   * Starts the three services against a database and a Kafka broker that already run. The returned
   * stack does not own them.
   */
  public static EmbeddedStack start(
      StackSettings settings, Postgres.Database database, String kafkaBootstrapServers) {
    return start(settings, database, kafkaBootstrapServers, List.of());
  }

  private static EmbeddedStack start(
      StackSettings settings,
      Postgres.Database database,
      String kafkaBootstrapServers,
      List<AutoCloseable> infrastructure) {
    ConfigurableApplicationContext resourceService =
        run(
            ResourceServiceApplication.application(),
            common(settings, settings.resourceServicePort()),
            Stream.concat(
                    database.springArguments().stream(),
                    // The demo page is served by the gateway and writes to resource-service.
                    Stream.of(
                        "--keeplive.cors.allowed-origins=http://localhost:[*],http://127.0.0.1:[*]"))
                .toList());
    ConfigurableApplicationContext relay =
        run(
            NotifierRelayApplication.application(),
            common(settings, settings.relayPort()),
            List.of(
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers,
                "--keeplive.relay.topic=" + settings.topic()));
    EmbeddedStack stack =
        new EmbeddedStack(
            settings, infrastructure, database, kafkaBootstrapServers, resourceService, relay);
    stack.startGateway(settings.gatewayPort());
    RUNNING.add(stack);
    return stack;
  }

  /**
   * Starts one more gateway instance on {@code port} (0 = any free port), reading the same Kafka
   * topic and calling the same resource-service. Used for horizontal-scale tests.
   */
  public ConfigurableApplicationContext startGateway(int port) {
    return startGateway(port, Map.of());
  }

  /**
   * Starts one more gateway instance with some properties overridden, e.g. {@code
   * keeplive.gateway.resource-service-url} to put a test proxy in front of resource-service.
   */
  public ConfigurableApplicationContext startGateway(int port, Map<String, String> overrides) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
    properties.put("keeplive.gateway.topic", settings.topic());
    properties.put("keeplive.gateway.resource-service-url", resourceServiceUrl().toString());
    // The helpdesk demo (clients/demo, bundled into this module's resources) is served by the
    // embedded stack's gateways only; the production gateway serves no static content.
    properties.put("spring.web.resources.static-locations", "classpath:/keeplive-demo/");
    properties.putAll(overrides);
    ConfigurableApplicationContext gateway =
        run(LiveGatewayApplication.application(), common(settings, port), arguments(properties));
    gateways.add(gateway);
    return gateway;
  }

  private static List<String> arguments(Map<String, String> properties) {
    List<String> args = new ArrayList<>();
    properties.forEach((key, value) -> args.add("--" + key + "=" + value));
    return args;
  }

  /** Stops one gateway instance (as in a rolling restart or a crash of that pod). */
  public void stopGateway(ConfigurableApplicationContext gateway) {
    gateways.remove(gateway);
    gateway.close();
  }

  private static List<String> common(StackSettings settings, int port) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=" + port);
    args.add("--keeplive.dev-mode=true");
    args.add("--keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET);
    settings.extraArguments().forEach((key, value) -> args.add("--" + key + "=" + value));
    return args;
  }

  private static ConfigurableApplicationContext run(
      SpringApplicationBuilder application, List<String> common, List<String> specific) {
    List<String> args = new ArrayList<>(common);
    args.addAll(specific);
    return application.run(args.toArray(String[]::new));
  }

  public URI gatewayUrl() {
    return urlOf(gateways.get(0));
  }

  public URI gatewayUrl(ConfigurableApplicationContext gateway) {
    return urlOf(gateway);
  }

  public List<ConfigurableApplicationContext> gateways() {
    return List.copyOf(gateways);
  }

  public URI resourceServiceUrl() {
    return urlOf(resourceService);
  }

  public URI relayUrl() {
    return urlOf(relay);
  }

  public ConfigurableApplicationContext resourceService() {
    return resourceService;
  }

  public ConfigurableApplicationContext relay() {
    return relay;
  }

  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  public Postgres.Database database() {
    return database;
  }

  public StackSettings settings() {
    return settings;
  }

  /**
   * The management server of a service (Prometheus, the gateway's {@code /actuator/live}): the
   * service port + 1000 by default, a free port when the service runs on one (SPEC §4.4).
   */
  public static URI managementUrlOf(ConfigurableApplicationContext context) {
    return URI.create("http://localhost:" + ManagementPort.of(context));
  }

  public URI gatewayManagementUrl() {
    return managementUrlOf(gateways.get(0));
  }

  public URI resourceServiceManagementUrl() {
    return managementUrlOf(resourceService);
  }

  public URI relayManagementUrl() {
    return managementUrlOf(relay);
  }

  /**
   * The management URL of the service of a running stack whose public URL is {@code publicUrl}: for
   * test helpers that are handed a service's URL and need its metrics.
   */
  public static Optional<URI> managementUrlOfServiceAt(URI publicUrl) {
    for (EmbeddedStack stack : RUNNING) {
      List<ConfigurableApplicationContext> services = new ArrayList<>(stack.gateways);
      services.add(stack.resourceService);
      services.add(stack.relay);
      for (ConfigurableApplicationContext service : services) {
        if (service.isActive() && urlOf(service).getPort() == publicUrl.getPort()) {
          return Optional.of(managementUrlOf(service));
        }
      }
    }
    return Optional.empty();
  }

  private static URI urlOf(ConfigurableApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.server.port");
    return URI.create("http://localhost:" + port);
  }

  @Override
  public void close() {
    RUNNING.remove(this);
    for (ConfigurableApplicationContext gateway : List.copyOf(gateways)) {
      stopGateway(gateway);
    }
    relay.close();
    resourceService.close();
    for (AutoCloseable server : infrastructure) {
      try {
        server.close();
      } catch (Exception e) {
        log.warn("Could not stop {}", server, e);
      }
    }
  }

  /** The README's run command lands here. */
  public static void main(String[] args) {
    StackSettings settings = StackSettings.fromSystemProperties(Map.of());
    EmbeddedStack stack = startWithInfrastructure(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "embedded-stack-stop"));
    log.info(
        """

        ==========================================================================
          Keeplive is running (development mode)
            demo page        {}/
            live WebSocket   ws://localhost:{}/live
            resource-service {}
            notifier-relay   {}
            metrics          {}/actuator/prometheus, {}, {}  (management ports)
            PostgreSQL       {}   (user postgres / postgres)
            Kafka            {}   (topic {})
          Try:  curl -s -XPOST {}/dev/token -H 'content-type: application/json' \\
                  -d '{"user":"alice","tenant":"acme","roles":["agent"]}'
          Stop with Ctrl-C.
        ==========================================================================""",
        stack.gatewayUrl(),
        stack.gatewayUrl().getPort(),
        stack.resourceServiceUrl(),
        stack.relayUrl(),
        stack.gatewayManagementUrl(),
        stack.resourceServiceManagementUrl(),
        stack.relayManagementUrl(),
        stack.database().jdbcUrl(),
        stack.kafkaBootstrapServers(),
        settings.topic(),
        stack.gatewayUrl());
  }
}
