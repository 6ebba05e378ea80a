package io.keeplive.resource.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.RunningService;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The driver keeps a prepared statement per distinct SQL text on each connection, client side and
 * in the PostgreSQL backend. Its default cache never evicts, so a service that runs statements of
 * varying text (bulk writes of n rows, filters of n values) would grow both without bound; the
 * service configures a bounded cache ({@code
 * spring.r2dbc.properties.preparedStatementCacheQueries}).
 */
class StatementCacheTest {

  private static final int CACHE = 256;

  @Test
  void aConnectionKeepsABoundedNumberOfPreparedStatements() {
    DatabaseClient database = RunningService.shared().context().getBean(DatabaseClient.class);
    Long prepared =
        database
            .inConnection(
                connection ->
                    Flux.range(0, CACHE + 100)
                        .concatMap(
                            k ->
                                Flux.from(
                                        connection
                                            .createStatement("SELECT $1::int + " + k)
                                            .bind(0, k)
                                            .execute())
                                    .concatMap(result -> result.map((row, meta) -> 1)))
                        .then(
                            Mono.from(
                                    connection
                                        .createStatement(
                                            "SELECT count(*) FROM pg_prepared_statements"
                                                + " WHERE statement LIKE 'SELECT $1::int + %'")
                                        .execute())
                                .flatMap(
                                    result ->
                                        Mono.from(
                                            result.map((row, meta) -> row.get(0, Long.class))))))
            .block();
    assertThat(prepared).isPositive().isLessThanOrEqualTo(CACHE);
  }
}
