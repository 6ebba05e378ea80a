package io.keeplive.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.boot.ManagementPort;
import io.keeplive.relay.observability.RelayMetric;
import io.keeplive.relay.testing.OutboxWrites;
import io.keeplive.relay.testing.TopicReader;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class NotifierRelayApplicationTest {

  private final String topic = "relay-app-" + UUID.randomUUID();
  private final HttpClient http = HttpClient.newHttpClient();
  private Postgres.Database database;
  private ConfigurableApplicationContext context;

  @BeforeEach
  void start() {
    database = Postgres.shared().newDatabase("relay_app").migrate();
    context =
        NotifierRelayApplication.application()
            .run(
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + Kafka.shared().bootstrapServers(),
                "--keeplive.relay.topic=" + topic,
                "--keeplive.relay.partitions=3",
                // The test broker is a single one.
                "--keeplive.relay.allow-single-replica=true",
                "--keeplive.relay.backlog-sample-interval=200ms");
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void theServicePublishesTheOutboxAndExposesHealthProbesAndEveryRelayMetric() throws Exception {
    String tenant = "app-" + UUID.randomUUID();
    OutboxWrites.Written row = new OutboxWrites(database).commit(tenant, 1).get(0);
    try (TopicReader reader = new TopicReader(Kafka.shared().bootstrapServers(), topic)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> reader.poll().stream().anyMatch(s -> s.event().id().equals(row.id())));
    }

    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String metrics = get(ManagementPort.of(context), "/actuator/prometheus").body();
              assertThat(metrics)
                  .contains(
                      "keeplive_outbox_backlog_rows",
                      "keeplive_outbox_oldest_age_seconds",
                      "keeplive_relay_published_total",
                      "keeplive_relay_publish_latency_seconds_bucket",
                      "keeplive_relay_errors_total{",
                      "kind=\"publish\"",
                      "keeplive_relay_shards_owned");
              assertThat(metrics)
                  .containsPattern("(?m)^keeplive_relay_published_total\\{.*} 1\\.0$");
              assertThat(metrics).containsPattern("(?m)^keeplive_relay_shards_owned\\{.*} 64\\.0$");
            });
    assertThat(RelayMetric.values()).hasSize(6);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(((WebServerApplicationContext) context).getWebServer().getPort(), path);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
