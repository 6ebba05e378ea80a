package io.keeplive.resource.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.resource.Api;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Idempotency keys expire after the retention and their rows are purged in bounded batches. */
class IdempotencyExpiryTest {

  /** An instance that purges every 200 ms, two rows per statement. */
  private static RunningService purging;

  private final String tenant = TestTokens.randomTenant();

  @BeforeAll
  static void start() {
    purging =
        RunningService.start(
            ResourceServiceApplication.application(),
            "--keeplive.idempotency.purge-interval=200ms",
            "--keeplive.idempotency.purge-batch=2");
  }

  @AfterAll
  static void stop() {
    purging.close();
  }

  private static Map<String, Object> create(Api api, String key) {
    return api.request(HttpMethod.POST, "/api/tickets")
        .header("Idempotency-Key", key)
        .bodyValue("{\"title\":\"once\"}")
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  /** Makes the tenant's keys look {@code hours} old. */
  private void age(RunningService service, int hours) {
    service.execute(
        "UPDATE idempotency_keys SET created_at = now() - interval '"
            + hours
            + " hours' WHERE tenant_id = '"
            + tenant
            + "'");
  }

  private long keys(RunningService service) {
    return (Long)
        service
            .query("SELECT count(*) AS n FROM idempotency_keys WHERE tenant_id = ?", tenant)
            .get(0)
            .get("n");
  }

  @Test
  void aRetryWithinTheRetentionReplaysTheFirstCreate() {
    Api ada = Api.as("ada", tenant, "agent");
    Object first = create(ada, "k").get("id");
    age(RunningService.shared(), 23);

    assertThat(create(ada, "k").get("id")).isEqualTo(first);
  }

  @Test
  void aKeyOlderThanTheRetentionCreatesAnew() {
    Api ada = Api.as("ada", tenant, "agent");
    Object first = create(ada, "k").get("id");
    age(RunningService.shared(), 25);

    Object second = create(ada, "k").get("id");

    assertThat(second).isNotEqualTo(first);
    assertThat(create(ada, "k").get("id")).isEqualTo(second);
  }

  @Test
  void expiredKeysArePurgedAndCountedWhileFreshOnesStay() {
    Api ada = Api.on(purging, "ada", tenant, "agent");
    for (int i = 0; i < 5; i++) {
      create(ada, "old-" + i);
    }
    // Read before the rows expire: the purge may run any moment after that.
    double purgedBefore = purged();
    age(purging, 25);
    create(ada, "fresh");

    await().atMost(Duration.ofSeconds(10)).until(() -> keys(purging) == 1);

    assertThat(purging.query("SELECT key FROM idempotency_keys WHERE tenant_id = ?", tenant))
        .containsExactly(Map.of("key", "fresh"));
    assertThat(purged()).isGreaterThanOrEqualTo(purgedBefore + 5);
  }

  private static double purged() {
    Counter counter =
        purging
            .context()
            .getBean(MeterRegistry.class)
            .find("keeplive.resource.idempotency.purged")
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
