package io.keeplive.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/** A real PostgreSQL server (embedded binaries, no Docker). */
public final class Postgres implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private static volatile Postgres shared;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final EmbeddedPostgres server;

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** The one server of this JVM, started on first use on a free port. */
  public static Postgres shared() {
    Postgres instance = shared;
    if (instance == null) {
      synchronized (Postgres.class) {
        instance = shared;
        if (instance == null) {
          instance = start(0, null);
          Postgres started = instance;
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-stop"));
          shared = instance;
        }
      }
    }
    return instance;
  }

  /**
   * Starts a server. {@code port} 0 picks a free port; {@code dataDirectory} null uses a fresh
   * temporary directory.
   */
  public static Postgres start(int port, Path dataDirectory) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "400")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off");
      if (port > 0) {
        builder.setPort(port);
      }
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      return new Postgres(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public String host() {
    return "localhost";
  }

  /** Creates an empty database with a unique name derived from {@code hint}. */
  public Database newDatabase(String hint) {
    String name =
        (hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
            + "_"
            + DATABASES.incrementAndGet());
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
    }
    if (!Character.isLetter(name.charAt(0))) {
      name = "db_" + name;
    }
    createDatabaseIfMissing(name);
    return database(name);
  }

  /** A database that may already exist (the embedded stack keeps its data). */
  public Database database(String name) {
    return new Database(host(), port(), name, USER, PASSWORD);
  }

  public void createDatabaseIfMissing(String name) {
    try (Connection connection =
            DriverManager.getConnection(database("postgres").jdbcUrl(), USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      var exists =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!exists.next()) {
        statement.execute("CREATE DATABASE \"" + name + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connection facts of one database. */
  public record Database(String host, int port, String name, String user, String password) {

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String r2dbcUrl() {
      return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The command-line arguments that point a Spring app's R2DBC pool and Flyway here. */
    public List<String> springArguments() {
      return List.of(
          "--spring.r2dbc.url=" + r2dbcUrl(),
          "--spring.r2dbc.username=" + user,
          "--spring.r2dbc.password=" + password,
          "--spring.flyway.url=" + jdbcUrl(),
          "--spring.flyway.user=" + user,
          "--spring.flyway.password=" + password);
    }

    /** Applies every Flyway migration on the classpath under {@code db/migration}. */
    public Database migrate() {
      Flyway.configure()
          .dataSource(jdbcUrl(), user, password)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      return this;
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl(), user, password);
    }
  }
}
