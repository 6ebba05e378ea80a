package com.example.projects;

import io.keeplive.conformance.Target;
import io.keeplive.testsupport.Postgres;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example started as its guide runs it (its own application.yml), on a fresh database of the
 * shared test PostgreSQL and a free port; extra sources replace beans (the deliberately broken
 * variants).
 */
final class RunningProjects implements AutoCloseable {

  /** A task the kit can create: tasks reference a project by id only. */
  static final String TASK =
      "{\"title\":\"kit\",\"project_id\":\"7d1b0a43-3f0e-4b7e-9f55-0f5e1c1f0a01\"}";

  private final Postgres.Database database;
  private final ConfigurableApplicationContext context;

  private RunningProjects(Postgres.Database database, ConfigurableApplicationContext context) {
    this.database = database;
    this.context = context;
  }

  static RunningProjects start(Class<?>... extraSources) {
    Postgres.Database database = Postgres.shared().newDatabase("projects");
    List<String> args = new ArrayList<>(List.of("--server.port=0"));
    args.addAll(database.springArguments());
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ProjectsApplication.class)
            .sources(extraSources)
            .run(args.toArray(String[]::new));
    return new RunningProjects(database, context);
  }

  URI url() {
    return URI.create(
        "http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  /** The kit's view of this instance, with tasks as the fixture. */
  Target target() {
    return new Target(
        url(),
        database.jdbcUrl(),
        database.user(),
        database.password(),
        Target.DEVELOPMENT_SERVICE_TOKEN,
        Target.DEVELOPMENT_SECRET,
        new Target.Fixture("tasks", "/api/tasks", TASK, "{}", "tasks", "admin"));
  }

  @Override
  public void close() {
    context.close();
  }
}
