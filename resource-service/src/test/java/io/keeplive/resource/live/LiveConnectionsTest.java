package io.keeplive.resource.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.Api;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * The live API reads with connections of its own: with every connection of the main pool taken (as
 * by a burst of write transactions), the gateway's refetches are still answered.
 */
class LiveConnectionsTest {

  @Test
  void theLiveApiAnswersWhileTheMainPoolIsExhausted() {
    RunningService service = RunningService.shared();
    String tenant = TestTokens.randomTenant();
    Api admin = Api.as("ada", tenant, "admin");
    Object id = admin.createTicket("{\"title\":\"still answered\"}").get("id");
    ConnectionPool main = (ConnectionPool) service.context().getBean(ConnectionFactory.class);

    List<Connection> taken = new ArrayList<>();
    try {
      int size = main.getMetrics().orElseThrow().getMaxAllocatedSize();
      for (int i = 0; i < size; i++) {
        taken.add(Mono.from(main.create()).block(Duration.ofSeconds(5)));
      }
      assertThat(main.getMetrics().orElseThrow().acquiredSize()).isEqualTo(size);

      Map<String, Object> answer =
          admin.ok(
              HttpMethod.POST,
              "/api/live/query",
              "{\"resource\":\"tickets\",\"key\":\""
                  + id
                  + "\",\"actors\":[\""
                  + admin.token()
                  + "\"]}");

      assertThat(answer.get("results").toString()).contains("still answered");
    } finally {
      taken.forEach(c -> Mono.from(c.close()).block(Duration.ofSeconds(5)));
    }
  }
}
