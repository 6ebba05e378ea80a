package io.keeplive.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The backend under test as the checks see it: HTTP calls, tokens, and its database. */
public final class Backend {

  public static final String SERVICE_HEADER = "Keeplive-Service-Token";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Target target;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public Backend(Target target) {
    this.target = target;
  }

  public Target target() {
    return target;
  }

  public Target.Fixture fixture() {
    return target.fixture();
  }

  public static JsonMapper json() {
    return JSON;
  }

  /** An answer: status, content type and body (parsed when it is JSON, else null). */
  public record Answer(int status, String contentType, String text, JsonNode body) {

    public String problemCode() {
      return body == null ? null : body.path("code").asString(null);
    }

    public boolean isProblem() {
      return contentType != null && contentType.startsWith("application/problem+json");
    }
  }

  /** A fresh tenant id, so that checks never see each other's rows. */
  public static String newTenant() {
    return "kit-" + UUID.randomUUID();
  }

  /** A user token as the contract describes it (claims sub, tenant, roles, exp), HS256. */
  public String token(String user, String tenant, String... roles) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(user)
            .claim("tenant", tenant)
            .claim("roles", List.of(roles))
            .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(target.jwtSecret().getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("keeplive.conformance.jwtSecret cannot sign HS256", e);
    }
    return jwt.serialize();
  }

  /** A user of the fixture's role in {@code tenant}. */
  public String user(String name, String tenant) {
    return token(name, tenant, fixture().role());
  }

  /** POST {@code path} with a JSON body and the given headers (name, value, name, value…). */
  public Answer post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.baseUrl().toString().replaceAll("/$", "") + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse(null);
      String text = response.body();
      JsonNode parsed = null;
      if (type != null && type.contains("json") && text != null && !text.isBlank()) {
        parsed = JSON.readTree(text);
      }
      return new Answer(response.statusCode(), type, text, parsed);
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A live API call with the service credential and, when given, a user's bearer token. */
  public Answer live(String path, String body, String bearer) {
    return bearer == null
        ? post(path, body, Map.of(SERVICE_HEADER, target.serviceToken()))
        : post(
            path,
            body,
            Map.of(SERVICE_HEADER, target.serviceToken(), "Authorization", "Bearer " + bearer));
  }

  /** Creates one fixture row as {@code user} of {@code tenant}; answers its id. */
  public String create(String tenant, String user) {
    Answer answer =
        post(
            fixture().createPath(),
            fixture().createBody(),
            Map.of("Authorization", "Bearer " + user(user, tenant)));
    if (answer.status() / 100 != 2 || answer.body() == null || !answer.body().has("id")) {
      throw new AssertionError(
          "the fixture's create (POST "
              + fixture().createPath()
              + ") answered "
              + answer.status()
              + ": "
              + answer.text());
    }
    return answer.body().get("id").asString();
  }

  /** A new connection to the backend's database; the caller closes it. */
  public Connection database() {
    try {
      return DriverManager.getConnection(
          target.jdbcUrl(), target.jdbcUser(), target.jdbcPassword());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + target.jdbcUrl() + ": " + e, e);
    }
  }

  /**
   * The shard the contract assigns a tenant: Java's String hash of it, modulo 64, never negative.
   */
  public static int shardOf(String tenant) {
    int hash = 0;
    for (int i = 0; i < tenant.length(); i++) {
      hash = 31 * hash + tenant.charAt(i);
    }
    return Math.floorMod(hash, 64);
  }
}
