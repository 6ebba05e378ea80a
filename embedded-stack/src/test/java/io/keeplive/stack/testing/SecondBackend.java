package io.keeplive.stack.testing;

import static io.keeplive.contracts.boot.UnusedAutoConfigurations.JDBC;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.KAFKA;
import static io.keeplive.contracts.boot.UnusedAutoConfigurations.REPOSITORIES;

import com.example.projects.ProjectsApplication;
import io.keeplive.contracts.boot.UnusedAutoConfigurations;
import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.stack.EmbeddedStack;
import io.keeplive.testsupport.Postgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The projects example (examples/projects) as a second backend of the shared stack: its own
 * application context on the stack's database, and one more gateway that routes its resources to it
 * ({@code keeplive.gateway.resource-urls}) and everything else to resource-service. One per test
 * JVM, like {@link SharedStack}.
 *
 * <p>Two backends share one database as docs/getting-started.md says: resource-service's Flyway
 * owns the starter's tables (outbox, idempotency keys); the example keeps its own history table and
 * applies only its own folder, baselined below its first version.
 */
public final class SecondBackend {

  private static volatile SecondBackend shared;

  private final ConfigurableApplicationContext application;
  private final ConfigurableApplicationContext gateway;
  private final EmbeddedStack stack;

  private SecondBackend(
      EmbeddedStack stack,
      ConfigurableApplicationContext application,
      ConfigurableApplicationContext gateway) {
    this.stack = stack;
    this.application = application;
    this.gateway = gateway;
  }

  public static SecondBackend get() {
    SecondBackend instance = shared;
    if (instance == null) {
      synchronized (SecondBackend.class) {
        instance = shared;
        if (instance == null) {
          EmbeddedStack stack = SharedStack.get();
          ConfigurableApplicationContext application =
              start(
                  stack.database(),
                  List.of("--keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET));
          URI url = urlOf(application);
          ConfigurableApplicationContext gateway =
              stack.startGateway(
                  0,
                  Map.of(
                      "keeplive.gateway.resource-urls.projects", url.toString(),
                      "keeplive.gateway.resource-urls.tasks", url.toString()));
          instance = new SecondBackend(stack, application, gateway);
          shared = instance;
        }
      }
    }
    return instance;
  }

  /**
   * Starts the example on a database that another backend migrated already, on a free port, in
   * development mode; {@code extraArgs} come last and win.
   */
  public static ConfigurableApplicationContext start(
      Postgres.Database database, List<String> extraArgs) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--keeplive.dev-mode=true");
    args.addAll(database.springArguments());
    args.addAll(extraArgs);
    return new SpringApplicationBuilder(ProjectsApplication.class)
        // The embedded stack's class path offers JDBC, repositories and Kafka; the example, like
        // resource-service, uses none of them.
        .properties(UnusedAutoConfigurations.excludeProperty(JDBC, REPOSITORIES, KAFKA))
        .run(args.toArray(String[]::new));
  }

  private static URI urlOf(ConfigurableApplicationContext context) {
    return URI.create(
        "http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
  }

  /** The example's own REST API. */
  public URI url() {
    return urlOf(application);
  }

  /** The gateway that knows both backends. */
  public URI gatewayUrl() {
    return stack.gatewayUrl(gateway);
  }

  public Api api(String token) {
    return new Api(url(), token);
  }
}
