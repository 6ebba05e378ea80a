package io.keeplive.resource;

import io.keeplive.contracts.boot.ManagementPort;
import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.testsupport.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One resource-service per test JVM, started exactly as the embedded stack starts it ({@link
 * ResourceServiceApplication#application()}, random port) against a fresh database of the shared
 * test Postgres. Test classes isolate themselves by using random tenants.
 */
public final class RunningService {

  private static volatile RunningService shared;

  private final Postgres.Database database;
  private final ConfigurableApplicationContext context;
  private final int port;

  private RunningService(Postgres.Database database, ConfigurableApplicationContext context) {
    this.database = database;
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  public static RunningService shared() {
    RunningService instance = shared;
    if (instance == null) {
      synchronized (RunningService.class) {
        instance = shared;
        if (instance == null) {
          instance = start(ResourceServiceApplication.application());
          shared = instance;
        }
      }
    }
    return instance;
  }

  /** Starts a separate instance (own database), e.g. with extra beans; the caller closes it. */
  public static RunningService start(SpringApplicationBuilder application, String... extraArgs) {
    Postgres.Database database = Postgres.shared().newDatabase("resource_service");
    List<String> args = new ArrayList<>(arguments(database));
    args.addAll(List.of(extraArgs));
    return new RunningService(database, application.run(args.toArray(String[]::new)));
  }

  public static List<String> arguments(Postgres.Database database) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--keeplive.dev-mode=true",
                "--keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET));
    arguments.addAll(database.springArguments());
    return List.copyOf(arguments);
  }

  public WebTestClient client() {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** The management server (Prometheus): a port of its own, never the public one. */
  public WebTestClient managementClient() {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + ManagementPort.of(context))
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  public int port() {
    return port;
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public Postgres.Database database() {
    return database;
  }

  public void close() {
    context.close();
  }

  /** Rows of a query run over JDBC, as maps of column label to value (for checking the outbox). */
  public List<Map<String, Object>> query(String sql, Object... parameters) {
    try (Connection connection = database.connect();
        var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
            Object value = result.getObject(c);
            if (value instanceof java.sql.Array array) {
              value = List.of((Object[]) array.getArray());
            }
            row.put(result.getMetaData().getColumnLabel(c), value);
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a statement over JDBC (test setup only). */
  public void execute(String sql) {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
