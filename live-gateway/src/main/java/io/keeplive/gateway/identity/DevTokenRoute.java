package io.keeplive.gateway.identity;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.contracts.identity.TokenIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /dev/token} (SPEC §1): mints an HS256 token for whoever asks. It exists only in
 * development mode; without the bean the path is an ordinary 404.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keeplive.dev-mode", havingValue = "true")
class DevTokenRoute {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> FIELDS = Set.of("user", "tenant", "roles", "ttl_seconds");
  private static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();

  @Bean
  RouterFunction<ServerResponse> devTokenRoutes(JwtSettings settings) {
    TokenIssuer issuer = TokenIssuer.hs256(settings);
    return RouterFunctions.route().POST("/dev/token", request -> issue(request, issuer)).build();
  }

  private static Mono<ServerResponse> issue(ServerRequest request, TokenIssuer issuer) {
    return request
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .flatMap(
            body -> {
              Parsed parsed = parse(body);
              if (parsed instanceof Invalid invalid) {
                return problem(invalid.detail());
              }
              Request r = (Request) parsed;
              String token =
                  issuer.issue(r.user(), r.tenant(), r.roles(), Duration.ofSeconds(r.ttlSeconds()));
              return ServerResponse.ok()
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(JSON.createObjectNode().put("token", token).toString());
            });
  }

  private sealed interface Parsed {}

  private record Request(String user, String tenant, List<String> roles, long ttlSeconds)
      implements Parsed {}

  private record Invalid(String detail) implements Parsed {}

  private static Parsed parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      return new Invalid("body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return new Invalid("body must be a JSON object");
    }
    for (String name : root.propertyNames()) {
      if (!FIELDS.contains(name)) {
        return new Invalid("unknown field '" + name + "'");
      }
    }
    JsonNode user = root.get("user");
    JsonNode tenant = root.get("tenant");
    if (user == null || !user.isString() || user.asString().isBlank()) {
      return new Invalid("field 'user' must be a non-empty string");
    }
    if (tenant == null || !tenant.isString() || tenant.asString().isBlank()) {
      return new Invalid("field 'tenant' must be a non-empty string");
    }
    List<String> roles = new ArrayList<>();
    JsonNode rolesNode = root.get("roles");
    if (rolesNode != null && !rolesNode.isNull()) {
      if (!rolesNode.isArray()) {
        return new Invalid("field 'roles' must be an array of strings");
      }
      for (JsonNode role : rolesNode) {
        if (!role.isString()) {
          return new Invalid("field 'roles' must be an array of strings");
        }
        roles.add(role.asString());
      }
    }
    long ttl = 3600;
    JsonNode ttlNode = root.get("ttl_seconds");
    if (ttlNode != null && !ttlNode.isNull()) {
      if (!ttlNode.isIntegralNumber()
          || !ttlNode.canConvertToLong()
          || ttlNode.asLong() < 1
          || ttlNode.asLong() > MAX_TTL_SECONDS) {
        return new Invalid("field 'ttl_seconds' must be an integer from 1 to " + MAX_TTL_SECONDS);
      }
      ttl = ttlNode.asLong();
    }
    return new Request(user.asString(), tenant.asString(), roles, ttl);
  }

  private static Mono<ServerResponse> problem(String detail) {
    ObjectNode problem = JSON.createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", "Bad Request");
    problem.put("status", 400);
    problem.put("detail", detail);
    return ServerResponse.status(HttpStatus.BAD_REQUEST)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(problem.toString());
  }
}
