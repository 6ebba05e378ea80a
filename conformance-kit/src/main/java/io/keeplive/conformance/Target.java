package io.keeplive.conformance;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The backend under test, named by configuration parameters {@code keeplive.conformance.<name>}
 * (JUnit configuration parameters, which fall back to system properties, so {@code -D} works from
 * Maven as from {@code java -jar}).
 *
 * @param baseUrl where the backend answers HTTP (its REST API and {@code /api/live/*})
 * @param jdbcUrl its PostgreSQL database, the one holding its outbox table
 * @param jdbcUser database user
 * @param jdbcPassword database password
 * @param serviceToken the gateways' service credential the backend expects
 * @param jwtSecret the HS256 secret the backend verifies user tokens with (the kit mints its own)
 * @param fixture how to make the backend write a row of one of its resources
 */
public record Target(
    URI baseUrl,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String serviceToken,
    String jwtSecret,
    Fixture fixture) {

  public static final String PREFIX = "keeplive.conformance.";

  /** The development secret of the embedded stack; never accepted outside development mode. */
  public static final String DEVELOPMENT_SECRET = "keeplive-development-secret-do-not-use-in-prod";

  /** The development service credential; never accepted outside development mode. */
  public static final String DEVELOPMENT_SERVICE_TOKEN = "keeplive-development-service-token";

  /**
   * One resource the kit writes and reads. Its create must answer the row as JSON with its {@code
   * id}, and the row must be readable by a user with {@code role} in the same tenant.
   *
   * @param resource the resource name (as in subscriptions and outbox rows)
   * @param createPath where a POST creates one row
   * @param createBody a valid create body
   * @param refusedBody a create body the backend must refuse (4xx) without writing anything
   * @param table the table holding the resource's rows (for the same-transaction check)
   * @param role the role of the kit's users: one that may create the row and read it
   */
  public record Fixture(
      String resource,
      String createPath,
      String createBody,
      String refusedBody,
      String table,
      String role) {}

  /** Reads the target from parameters; {@code lookup} gets the name without the prefix. */
  public static Target from(Function<String, Optional<String>> lookup) {
    Function<String, String> required =
        name ->
            lookup
                .apply(name)
                .filter(value -> !value.isBlank())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "missing parameter "
                                + PREFIX
                                + name
                                + " (see docs/backend-contract.md)"));
    String resource = required.apply("resource");
    Fixture fixture =
        new Fixture(
            resource,
            lookup.apply("createPath").orElse("/api/" + resource),
            required.apply("createBody"),
            lookup.apply("refusedBody").orElse("{}"),
            lookup.apply("table").orElse(resource),
            lookup.apply("role").orElse("admin"));
    return new Target(
        URI.create(required.apply("baseUrl")),
        required.apply("jdbcUrl"),
        lookup.apply("jdbcUser").orElse("postgres"),
        lookup.apply("jdbcPassword").orElse("postgres"),
        lookup.apply("serviceToken").orElse(DEVELOPMENT_SERVICE_TOKEN),
        lookup.apply("jwtSecret").orElse(DEVELOPMENT_SECRET),
        fixture);
  }

  /** The parameters that describe this target, with their prefix (to hand to the launcher). */
  public Map<String, String> parameters() {
    Map<String, String> parameters = new TreeMap<>();
    parameters.put(PREFIX + "baseUrl", baseUrl.toString());
    parameters.put(PREFIX + "jdbcUrl", jdbcUrl);
    parameters.put(PREFIX + "jdbcUser", jdbcUser);
    parameters.put(PREFIX + "jdbcPassword", jdbcPassword);
    parameters.put(PREFIX + "serviceToken", serviceToken);
    parameters.put(PREFIX + "jwtSecret", jwtSecret);
    parameters.put(PREFIX + "resource", fixture.resource());
    parameters.put(PREFIX + "createPath", fixture.createPath());
    parameters.put(PREFIX + "createBody", fixture.createBody());
    parameters.put(PREFIX + "refusedBody", fixture.refusedBody());
    parameters.put(PREFIX + "table", fixture.table());
    parameters.put(PREFIX + "role", fixture.role());
    return parameters;
  }
}
