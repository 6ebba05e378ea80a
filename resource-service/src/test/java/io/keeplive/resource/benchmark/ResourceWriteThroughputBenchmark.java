package io.keeplive.resource.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.outbox.OutboxWriter;
import io.keeplive.resource.outbox.PostgresOutboxWriter;
import io.keeplive.testsupport.BenchmarkJson;
import io.keeplive.testsupport.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * resource-service write throughput with the transactional outbox against the same writes without
 * it (the {@link OutboxWriter} bean replaced by a no-op), in the same run, alternating the
 * variants. A third variant runs the outbox append as a statement of its own after the row change
 * (the {@link PostgresOutboxWriter} without {@link OutboxWriter#prefix}), which is how every write
 * did it before the append moved into the row-changing statement. Each write is {@code POST
 * /api/tickets} over HTTP with a JWT, {@code concurrency} requests in flight, spread over {@code
 * tenants} tenants. Not a pass/fail test: it prints the figures and writes them to {@code
 * target/benchmarks/resource-writes.md} and, as JSON, {@code
 * target/benchmarks/resource-writes.json}. Knobs: {@code -Dbenchmark.writes} (default 5000), {@code
 * -Dbenchmark.concurrency} (default 32), {@code -Dbenchmark.tenants} (default 50), {@code
 * -Dbenchmark.rounds} (default 9), {@code -Dbenchmark.warmup} (writes per instance before the timed
 * rounds, default 6000).
 */
@Tag("benchmark")
class ResourceWriteThroughputBenchmark {

  private final int writes = Integer.getInteger("benchmark.writes", 5_000);
  private final int concurrency = Integer.getInteger("benchmark.concurrency", 32);
  private final int tenants = Integer.getInteger("benchmark.tenants", 50);
  private final int rounds = Integer.getInteger("benchmark.rounds", 9);
  private final int warmup = Integer.getInteger("benchmark.warmup", 6_000);

  @Test
  void writeThroughputWithAndWithoutTheOutbox() throws Exception {
    RunningService withOutbox = RunningService.start(ResourceServiceApplication.application());
    RunningService separateStatement = RunningService.start(withSeparateOutboxStatement());
    RunningService withoutOutbox = RunningService.start(withNoOpOutbox());
    try {
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < tenants; i++) {
        tokens.add(TestTokens.token("bench-user-" + i, "bench-" + UUID.randomUUID(), "agent"));
      }
      // Warm-up of all instances (JIT, pools, prepared statements), interleaved.
      for (int i = 0; i < 3; i++) {
        run(withOutbox, tokens, warmup / 3);
        run(separateStatement, tokens, warmup / 3);
        run(withoutOutbox, tokens, warmup / 3);
      }

      double bestWith = 0;
      double bestSeparate = 0;
      double bestWithout = 0;
      List<Double> ratios = new ArrayList<>();
      List<Double> separateRatios = new ArrayList<>();
      StringBuilder report = new StringBuilder();
      List<Map<String, Object>> roundFigures = new ArrayList<>();
      report.append(
          String.format(
              Locale.ROOT,
              "writes=%d concurrency=%d tenants=%d rounds=%d warmup=%d%n",
              writes,
              concurrency,
              tenants,
              rounds,
              warmup));
      for (int round = 1; round <= rounds; round++) {
        // Rotate which variant goes first, so none always runs on the warmest or coldest cache.
        double[] result = new double[3];
        RunningService[] services = {withoutOutbox, withOutbox, separateStatement};
        for (int k = 0; k < 3; k++) {
          int which = (round - 1 + k) % 3;
          result[which] = run(services[which], tokens, writes);
        }
        double without = result[0];
        double with = result[1];
        double separate = result[2];
        bestWith = Math.max(bestWith, with);
        bestSeparate = Math.max(bestSeparate, separate);
        bestWithout = Math.max(bestWithout, without);
        ratios.add(with / without);
        separateRatios.add(separate / without);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("without_outbox_writes_per_second", without);
        figures.put("with_outbox_writes_per_second", with);
        figures.put("with_over_without", with / without);
        figures.put("separate_statement_writes_per_second", separate);
        figures.put("separate_statement_over_without", separate / without);
        roundFigures.add(figures);
        report.append(
            String.format(
                Locale.ROOT,
                "round %d: without outbox %.0f writes/s, with outbox %.0f writes/s, ratio %.2f"
                    + " (separate statement %.0f writes/s, ratio %.2f)%n",
                round,
                without,
                with,
                with / without,
                separate,
                separate / without));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "median of per-round ratios with/without: %.2f (min %.2f, max %.2f)%n"
                  + "median of per-round ratios separate statement/without: %.2f (min %.2f, max"
                  + " %.2f)%n"
                  + "best without outbox: %.0f writes/s%nbest with outbox: %.0f writes/s%n"
                  + "best with separate statement: %.0f writes/s%n"
                  + "ratio of bests with/without: %.2f (separate statement %.2f)%n",
              median(ratios),
              Collections.min(ratios),
              Collections.max(ratios),
              median(separateRatios),
              Collections.min(separateRatios),
              Collections.max(separateRatios),
              bestWithout,
              bestWith,
              bestSeparate,
              bestWith / bestWithout,
              bestSeparate / bestWithout));
      assertThat(outboxRows(withOutbox)).isGreaterThanOrEqualTo((long) writes * rounds);
      assertThat(outboxRows(separateStatement)).isGreaterThanOrEqualTo((long) writes * rounds);
      assertThat(outboxRows(withoutOutbox)).isZero();
      System.out.print(report);
      Files.createDirectories(Path.of("target", "benchmarks"));
      Files.writeString(Path.of("target", "benchmarks", "resource-writes.md"), report.toString());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("writes", writes);
      json.put("concurrency", concurrency);
      json.put("tenants", tenants);
      json.put("warmup", warmup);
      json.put("rounds", roundFigures);
      json.put("median_with_over_without", median(ratios));
      json.put("min_with_over_without", Collections.min(ratios));
      json.put("max_with_over_without", Collections.max(ratios));
      json.put("median_separate_statement_over_without", median(separateRatios));
      json.put("best_without_outbox_writes_per_second", bestWithout);
      json.put("best_with_outbox_writes_per_second", bestWith);
      json.put("best_separate_statement_writes_per_second", bestSeparate);
      json.put("ratio_of_bests_with_over_without", bestWith / bestWithout);
      BenchmarkJson.write("resource-writes", json);
    } finally {
      withOutbox.close();
      separateStatement.close();
      withoutOutbox.close();
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The application with a primary no-op {@link OutboxWriter}; nothing else changes. */
  private static SpringApplicationBuilder withNoOpOutbox() {
    return withOutboxWriter(database -> (tenant, entries) -> Mono.empty());
  }

  /**
   * The application with the real outbox append, but always as a statement of its own after the row
   * change (the writer does not offer {@link OutboxWriter#prefix}).
   */
  private static SpringApplicationBuilder withSeparateOutboxStatement() {
    return withOutboxWriter(
        database -> {
          PostgresOutboxWriter real = new PostgresOutboxWriter(database);
          return real::append;
        });
  }

  private static SpringApplicationBuilder withOutboxWriter(
      Function<DatabaseClient, OutboxWriter> writer) {
    ApplicationContextInitializer<GenericApplicationContext> replace =
        context ->
            context.registerBean(
                "benchmarkOutboxWriter",
                OutboxWriter.class,
                () -> writer.apply(context.getBean(DatabaseClient.class)),
                definition -> definition.setPrimary(true));
    return ResourceServiceApplication.application().initializers(replace);
  }

  /**
   * Creates {@code count} tickets with {@code concurrency} in flight; returns writes per second.
   */
  private double run(RunningService service, List<String> tokens, int count) {
    WebClient client = WebClient.create("http://localhost:" + service.port());
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    Flux.range(0, count)
        .flatMap(
            i ->
                client
                    .post()
                    .uri("/api/tickets")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i % tokens.size()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"title\":\"benchmark ticket " + i + "\"}")
                    .retrieve()
                    .toBodilessEntity()
                    .doOnError(e -> failures.incrementAndGet())
                    .onErrorResume(e -> Mono.empty()),
            concurrency)
        .blockLast();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(failures.get()).isZero();
    return count / seconds;
  }

  private static long outboxRows(RunningService service) {
    return ((Number) service.query("SELECT count(*) AS n FROM outbox").get(0).get("n")).longValue();
  }
}
