package io.keeplive.resource.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.outbox.OutboxWriter;
import io.keeplive.testsupport.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * resource-service write throughput with the transactional outbox against the same writes without
 * it (the {@link OutboxWriter} bean replaced by a no-op), in the same run, alternating the two.
 * Each write is {@code POST /api/tickets} over HTTP with a JWT, {@code concurrency} requests in
 * flight, spread over {@code tenants} tenants. Not a pass/fail test: it prints and writes the
 * figures to {@code target/benchmark-resource-writes.txt}. Knobs: {@code -Dbenchmark.writes}
 * (default 5000), {@code -Dbenchmark.concurrency} (default 32), {@code -Dbenchmark.tenants}
 * (default 50), {@code -Dbenchmark.rounds} (default 3).
 */
@Tag("benchmark")
class ResourceWriteThroughputBenchmark {

  private final int writes = Integer.getInteger("benchmark.writes", 5_000);
  private final int concurrency = Integer.getInteger("benchmark.concurrency", 32);
  private final int tenants = Integer.getInteger("benchmark.tenants", 50);
  private final int rounds = Integer.getInteger("benchmark.rounds", 3);

  @Test
  void writeThroughputWithAndWithoutTheOutbox() throws Exception {
    RunningService withOutbox = RunningService.start(ResourceServiceApplication.application());
    RunningService withoutOutbox = RunningService.start(withNoOpOutbox());
    try {
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < tenants; i++) {
        tokens.add(TestTokens.token("bench-user-" + i, "bench-" + UUID.randomUUID(), "agent"));
      }
      // Warm-up of both instances (JIT, pools, prepared statements).
      run(withOutbox, tokens, 1_000);
      run(withoutOutbox, tokens, 1_000);

      double bestWith = 0;
      double bestWithout = 0;
      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              Locale.ROOT,
              "writes=%d concurrency=%d tenants=%d rounds=%d%n",
              writes,
              concurrency,
              tenants,
              rounds));
      for (int round = 1; round <= rounds; round++) {
        double without = run(withoutOutbox, tokens, writes);
        double with = run(withOutbox, tokens, writes);
        bestWith = Math.max(bestWith, with);
        bestWithout = Math.max(bestWithout, without);
        report.append(
            String.format(
                Locale.ROOT,
                "round %d: without outbox %.0f writes/s, with outbox %.0f writes/s, ratio %.2f%n",
                round,
                without,
                with,
                with / without));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "best without outbox: %.0f writes/s%nbest with outbox: %.0f writes/s%n"
                  + "ratio of bests with/without: %.2f%n",
              bestWithout,
              bestWith,
              bestWith / bestWithout));
      assertThat(outboxRows(withOutbox)).isGreaterThanOrEqualTo((long) writes * rounds);
      assertThat(outboxRows(withoutOutbox)).isZero();
      System.out.print(report);
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "benchmark-resource-writes.txt"), report.toString());
    } finally {
      withOutbox.close();
      withoutOutbox.close();
    }
  }

  /** The application with a primary no-op {@link OutboxWriter}; nothing else changes. */
  private static SpringApplicationBuilder withNoOpOutbox() {
    ApplicationContextInitializer<GenericApplicationContext> noOutbox =
        context ->
            context.registerBean(
                "noOpOutboxWriter",
                OutboxWriter.class,
                () -> (tenant, entries) -> Mono.empty(),
                definition -> definition.setPrimary(true));
    return ResourceServiceApplication.application().initializers(noOutbox);
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
