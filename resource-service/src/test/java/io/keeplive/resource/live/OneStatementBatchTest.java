package io.keeplive.resource.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/live/query} answers N actors with ONE SQL statement, counted by a wrapper around
 * the service's R2DBC {@link ConnectionFactory}, and each actor still gets exactly its single-actor
 * REST answer.
 */
class OneStatementBatchTest {

  /** Every SQL text the service prepared, in order. */
  static final List<String> STATEMENTS = new CopyOnWriteArrayList<>();

  /** Added as a source of a separate instance; deliberately not a scanned @Configuration. */
  static class CountingStatements {
    @Bean
    static BeanPostProcessor countingConnectionFactory() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof ConnectionFactory factory ? counting(factory) : bean;
        }
      };
    }
  }

  private static RunningService service;

  @BeforeAll
  static void start() {
    service =
        RunningService.start(
            ResourceServiceApplication.application().sources(CountingStatements.class));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void aBatchOfFortyActorsIsOneStatementAndEachActorGetsItsSingleActorRows() {
    String tenant = TestTokens.randomTenant();
    Random random = new Random(42);
    List<String> statuses = List.of("open", "in_progress", "closed");
    List<Api> writers = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      writers.add(Api.on(service, "user" + u, tenant, u % 3 == 0 ? "viewer" : "agent"));
    }
    for (int i = 0; i < 30; i++) {
      Api writer = writers.get(random.nextInt(writers.size()));
      String assignee = random.nextInt(3) == 0 ? "null" : "\"user" + random.nextInt(6) + "\"";
      writer.createTicket(
          "{\"title\":\"t"
              + i
              + "\",\"status\":\""
              + statuses.get(random.nextInt(3))
              + "\",\"assignee_id\":"
              + assignee
              + "}");
    }
    List<Api> actors = new ArrayList<>();
    for (int a = 0; a < 40; a++) {
      String role = List.of("admin", "agent", "viewer").get(a % 3);
      String actorTenant = a == 39 ? TestTokens.randomTenant() : tenant;
      actors.add(Api.on(service, "user" + (a % 7), actorTenant, role));
    }
    StringBuilder tokens = new StringBuilder();
    for (Api actor : actors) {
      tokens.append(tokens.length() == 0 ? "" : ",").append('"').append(actor.token()).append('"');
    }
    String body =
        "{\"resource\":\"tickets\",\"filter\":{\"status\":{\"in\":[\"open\",\"in_progress\"]}},"
            + "\"sort\":[\"-updated_at\"],\"limit\":10,\"actors\":["
            + tokens
            + "]}";

    STATEMENTS.clear();
    Map<String, Object> answer = actors.get(0).ok(HttpMethod.POST, "/api/live/query", body);
    assertThat(STATEMENTS).hasSize(1);
    assertThat(STATEMENTS.get(0)).contains("JOIN LATERAL");

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) answer.get("results");
    assertThat(results).hasSize(actors.size());
    int nonEmpty = 0;
    for (int a = 0; a < actors.size(); a++) {
      List<Map<String, Object>> single =
          actors.get(a).list("/api/tickets?status=open,in_progress&sort=-updated_at&limit=10");
      assertThat(resolved(results, a).get("rows")).as("actor %d", a).isEqualTo(single);
      nonEmpty += single.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).isGreaterThan(30);
    assertThat((List<?>) results.get(39).get("rows")).isEmpty();

    // The shared format: same results, each distinct row once, still one statement.
    STATEMENTS.clear();
    Map<String, Object> shared =
        actors
            .get(0)
            .ok(
                HttpMethod.POST,
                "/api/live/query",
                body.substring(0, body.length() - 1) + ",\"format\":\"shared\"}");
    assertThat(STATEMENTS).hasSize(1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> distinct = (List<Map<String, Object>>) shared.get("rows");
    assertThat(distinct.stream().map(row -> row.get("id")).distinct()).hasSameSizeAs(distinct);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sharedResults = (List<Map<String, Object>>) shared.get("results");
    int inline = 0;
    for (int a = 0; a < actors.size(); a++) {
      @SuppressWarnings("unchecked")
      List<Integer> indexes = (List<Integer>) resolved(sharedResults, a).get("row_indexes");
      assertThat(indexes.stream().map(distinct::get).toList())
          .as("actor %d", a)
          .isEqualTo(resolved(results, a).get("rows"));
      inline += indexes.size();
    }
    assertThat(distinct.size()).as("rows seen by several actors are sent once").isLessThan(inline);
  }

  /**
   * The result of entry {@code a}; a repeated token is answered by reference to its first entry.
   */
  private static Map<String, Object> resolved(List<Map<String, Object>> results, int a) {
    return results.get(a).get("same_as") instanceof Integer first
        ? results.get(first)
        : results.get(a);
  }

  @Test
  void theStatementTextDependsOnTheQueryShapeNotOnTheActors() {
    String tenant = TestTokens.randomTenant();
    Api writer = Api.on(service, "writer", tenant, "agent");
    writer.createTicket("{\"title\":\"shape\",\"status\":\"open\"}");
    List<String> texts = new ArrayList<>();
    for (int count : List.of(1, 3, 17)) {
      StringBuilder tokens = new StringBuilder();
      for (int a = 0; a < count; a++) {
        String role = List.of("admin", "agent", "viewer").get(a % 3);
        String token = Api.on(service, "shape" + a, tenant, role).token();
        tokens.append(a == 0 ? "" : ",").append('"').append(token).append('"');
      }
      STATEMENTS.clear();
      writer.ok(
          HttpMethod.POST,
          "/api/live/query",
          "{\"resource\":\"tickets\",\"sort\":[\"-updated_at\"],\"limit\":10,\"actors\":["
              + tokens
              + "],\"format\":\"shared\"}");
      assertThat(STATEMENTS).hasSize(1);
      texts.add(STATEMENTS.get(0));
    }
    // One text per query shape: the driver's and PostgreSQL's statement caches then hold one
    // entry per shape, however many actors a batch carries.
    assertThat(texts).as("statement texts for 1, 3 and 17 actors").containsOnly(texts.get(0));
  }

  static ConnectionFactory counting(ConnectionFactory target) {
    return (ConnectionFactory)
        Proxy.newProxyInstance(
            OneStatementBatchTest.class.getClassLoader(),
            new Class<?>[] {ConnectionFactory.class},
            (proxy, method, args) -> {
              Object result = invoke(target, method, args);
              if (method.getName().equals("create")) {
                return Mono.from((org.reactivestreams.Publisher<?>) result)
                    .map(connection -> countingConnection((Connection) connection));
              }
              return result;
            });
  }

  private static Connection countingConnection(Connection target) {
    return (Connection)
        Proxy.newProxyInstance(
            OneStatementBatchTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("createStatement")) {
                STATEMENTS.add((String) args[0]);
              }
              return invoke(target, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
