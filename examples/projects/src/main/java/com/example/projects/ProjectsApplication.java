package com.example.projects;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

// getting-started: application
/**
 * Projects and tasks, live: a plain Spring Boot application whose resources are declared as beans
 * ({@link ProjectResources}); the resource starter derives the REST routes, policy-checked reads,
 * transactional outbox and live API from them.
 */
@SpringBootApplication
public class ProjectsApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProjectsApplication.class, args);
  }
}
// getting-started: end
