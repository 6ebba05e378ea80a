package io.keeplive.contracts.boot;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The management port of every Keeplive service: {@code management.server.port} defaults to the
 * service port + 1000 (8080 → 9080, 8081 → 9081, 8082 → 9082), and to a free port when the service
 * port is 0 (tests, the embedded stack's ephemeral mode). Set {@code management.server.port} (or
 * {@code MANAGEMENT_SERVER_PORT}) to choose another.
 *
 * <p>A separate port is what keeps Prometheus and the debug endpoints off the public port (SPEC
 * §4.4): Spring Boot then maps the actuator endpoints in a child context with its own server, and
 * the public port serves only what {@link PublicHealthAutoConfiguration} adds back, the health
 * probes. Registered in {@code META-INF/spring.factories}, so it applies to however a service is
 * started (its {@code main}, the embedded stack, a test).
 */
public final class ManagementPort implements EnvironmentPostProcessor, Ordered {

  public static final String PROPERTY = "management.server.port";

  /** Management port = service port + this. */
  public static final int OFFSET = 1000;

  private static final String SOURCE = "keeplive-management-port";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.containsProperty(PROPERTY)) {
      return;
    }
    Integer server = environment.getProperty("server.port", Integer.class);
    if (server == null || server < 0) {
      // No configured web server port: not one of the services (they all set server.port).
      return;
    }
    int management = server == 0 ? 0 : server + OFFSET;
    environment
        .getPropertySources()
        .addLast(new MapPropertySource(SOURCE, Map.of(PROPERTY, management)));
  }

  /** After the configuration files are read: {@code server.port} may come from them. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** The port the running management server listens on (tests and the embedded stack ask this). */
  public static int of(ApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.management.port");
    if (port == null) {
      throw new IllegalStateException("no management server runs in " + context.getId());
    }
    return Integer.parseInt(port);
  }
}
