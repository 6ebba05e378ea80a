package io.keeplive.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keeplive.contracts.identity.JwtSettings;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket protocol of one real gateway (real Kafka, real Netty): authentication, errors,
 * limits and close codes. Nothing here needs data, so resource-service is not running.
 */
class GatewayProtocolTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static GatewayApp app;

  @BeforeAll
  static void start() {
    app =
        GatewayApp.start(
            Map.of(
                "keeplive.gateway.limits.auth-timeout", "1s",
                "keeplive.gateway.limits.max-subscriptions", "3"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static LiveClient authenticated(String user) {
    return LiveClient.authenticated(app.url(), TestTokens.token(user, "acme", "agent"));
  }

  private static boolean isError(JsonNode m, String code) {
    return LiveClient.type(m).equals("error") && m.get("code").asString().equals(code);
  }

  @Test
  void authOkNamesTheUserTenantAndExpiry() {
    try (LiveClient client = LiveClient.connect(app.url())) {
      client.send(
          "{\"type\":\"auth\",\"token\":\"" + TestTokens.token("alice", "acme", "agent") + "\"}");
      JsonNode ok = client.await(m -> LiveClient.type(m).equals("auth_ok"));
      assertThat(ok.get("user").asString()).isEqualTo("alice");
      assertThat(ok.get("tenant").asString()).isEqualTo("acme");
      assertThat(Instant.parse(ok.get("expires_at").asString())).isAfter(Instant.now());
    }
  }

  @Test
  void aConnectionThatDoesNotAuthenticateInTimeIsClosedWith4401() {
    try (LiveClient client = LiveClient.connect(app.url())) {
      assertThat(client.awaitClose(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void aBadTokenIsAnsweredWithUnauthorizedAndClose4401() {
    try (LiveClient client = LiveClient.connect(app.url())) {
      client.send("{\"type\":\"auth\",\"token\":\"not-a-jwt\"}");
      client.await(m -> isError(m, "unauthorized"));
      assertThat(client.awaitClose(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void anExpiredTokenIsAnsweredWithTokenExpiredAndClose4401() {
    String expired =
        TestTokens.expiringAt(Instant.now().minusSeconds(60), "alice", "acme", "agent");
    try (LiveClient client = LiveClient.connect(app.url())) {
      client.send("{\"type\":\"auth\",\"token\":\"" + expired + "\"}");
      client.await(m -> isError(m, "token_expired"));
      assertThat(client.awaitClose(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void aSubscribeBeforeAuthIsClosedWith4401() {
    try (LiveClient client = LiveClient.connect(app.url())) {
      client.send("{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\"}");
      assertThat(client.awaitClose(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void pingIsAnsweredWithPong() {
    try (LiveClient client = authenticated("alice")) {
      client.send("{\"type\":\"ping\"}");
      client.await(m -> LiveClient.type(m).equals("pong"));
    }
  }

  @Test
  void badInputGetsBadRequestAndTheSessionStaysUsable() {
    try (LiveClient client = authenticated("alice")) {
      client.send("{not json");
      client.send("{\"type\":\"teleport\"}");
      client.send(
          "{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\",\"limit\":\"ten\"}");
      client.send("{\"type\":\"subscribe\",\"id\":\"q2\",\"resource\":\"tickets\",\"limit\":501}");
      client.await(m -> isError(m, "bad_request") && m.path("id").asString("").equals("q2"));
      assertThat(client.messages()).filteredOn(m -> isError(m, "bad_request")).hasSize(4);
      client.send("{\"type\":\"ping\"}");
      client.await(m -> LiveClient.type(m).equals("pong"));
      assertThat(client.isClosed()).isFalse();
      assertThat(client.unparsable()).isEmpty();
    }
  }

  @Test
  void aFrameAnnouncedAboveTheSizeLimitIsRefusedWith4413BeforeItsPayloadArrives() throws Exception {
    try (RawWebSocket raw = new RawWebSocket(app.url(), WAIT)) {
      // 8 MiB announced, 1 KiB sent: a codec that buffered frames up to a larger limit would wait
      // for the rest (holding it all), instead of refusing at the header.
      raw.sendTextHeader(8L * 1024 * 1024);
      raw.sendPayload(new byte[1024]);
      RawWebSocket.Frame frame = raw.read();
      assertThat(frame.opcode()).as("a close frame").isEqualTo(0x8);
      assertThat(frame.closeCode()).isEqualTo(4413);
    }
  }

  @Test
  void aFrameAboveTheSizeLimitClosesWith4413() {
    try (LiveClient client = authenticated("alice")) {
      client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
      assertThat(client.awaitClose(WAIT)).isEqualTo(4413);
    }
  }

  @Test
  void floodingIsRateLimitedAndThenClosedWith4429() {
    try (LiveClient client = authenticated("alice")) {
      for (int i = 0; i < 200 && !client.isClosed(); i++) {
        client.send("{\"type\":\"ping\"}");
      }
      client.await(m -> isError(m, "rate_limited"));
      assertThat(client.awaitClose(WAIT)).isEqualTo(4429);
    }
  }

  @Test
  void subscriptionsBeyondTheLimitAreRefused() {
    try (LiveClient client = authenticated("alice")) {
      for (int i = 1; i <= 4; i++) {
        client.send("{\"type\":\"subscribe\",\"id\":\"s" + i + "\",\"resource\":\"tickets\"}");
      }
      JsonNode refused = client.await(m -> isError(m, "too_many_subscriptions"));
      assertThat(refused.get("id").asString()).isEqualTo("s4");
    }
  }

  @Test
  void unsubscribeIsAnsweredWithComplete() {
    try (LiveClient client = authenticated("alice")) {
      client.send("{\"type\":\"subscribe\",\"id\":\"q1\",\"resource\":\"tickets\"}");
      client.send("{\"type\":\"unsubscribe\",\"id\":\"q1\"}");
      JsonNode complete = client.await(m -> LiveClient.type(m).equals("complete"));
      assertThat(complete.get("id").asString()).isEqualTo("q1");
      assertThat(complete.get("seq").asLong()).isEqualTo(1);
      client.send("{\"type\":\"unsubscribe\",\"id\":\"q1\"}");
      client.await(m -> isError(m, "bad_request"));
    }
  }

  @Test
  void aTokenRefreshForTheSameUserKeepsTheSession() {
    try (LiveClient client = authenticated("alice")) {
      client.send(
          "{\"type\":\"auth\",\"token\":\"" + TestTokens.token("alice", "acme", "agent") + "\"}");
      client.await(
          m ->
              LiveClient.type(m).equals("auth_ok")
                  && client.messages().stream()
                          .filter(x -> LiveClient.type(x).equals("auth_ok"))
                          .count()
                      == 2);
      client.send("{\"type\":\"ping\"}");
      client.await(m -> LiveClient.type(m).equals("pong"));
    }
  }

  @Test
  void reAuthenticationAsAnotherUserClosesWith4403() {
    try (LiveClient client = authenticated("alice")) {
      client.send(
          "{\"type\":\"auth\",\"token\":\"" + TestTokens.token("mallory", "acme", "admin") + "\"}");
      assertThat(client.awaitClose(WAIT)).isEqualTo(4403);
    }
  }

  @Test
  void reAuthenticationIntoAnotherTenantClosesWith4403() {
    try (LiveClient client = authenticated("alice")) {
      client.send(
          "{\"type\":\"auth\",\"token\":\"" + TestTokens.token("alice", "globex", "agent") + "\"}");
      assertThat(client.awaitClose(WAIT)).isEqualTo(4403);
    }
  }

  @Test
  void aTokenThatExpiresWithoutRefreshEndsTheSessionWithTokenExpiredAnd4401() {
    String shortLived =
        TestTokens.expiringAt(Instant.now().plusSeconds(2), "alice", "acme", "agent");
    try (LiveClient client = LiveClient.authenticated(app.url(), shortLived)) {
      client.await(m -> isError(m, "token_expired"));
      assertThat(client.awaitClose(WAIT)).isEqualTo(4401);
    }
  }

  @Test
  void devTokenIssuesATokenTheGatewayAccepts() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(app.url() + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"alice\",\"tenant\":\"acme\",\"roles\":[\"agent\"],\"ttl_seconds\":3600}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String token = LiveClient.parse(response.body()).get("token").asString();
    try (LiveClient client = LiveClient.authenticated(app.url(), token)) {
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void devTokenRejectsABodyWithoutTenant() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(app.url() + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type").orElse("")).contains("problem+json");
    assertThat(response.body()).contains("tenant");
  }

  @Test
  void prometheusExposesTheGatewayMetrics() throws Exception {
    try (LiveClient client = authenticated("alice")) {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(app.managementUrl() + "/actuator/prometheus"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body)
          .contains("keeplive_gateway_sessions ")
          .contains("keeplive_gateway_subscriptions{")
          .contains("keeplive_gateway_notifications_total{")
          .contains("keeplive_gateway_refetches_total{")
          .contains("keeplive_gateway_refetch_latency_seconds_bucket{")
          .contains("keeplive_gateway_pushes_total{")
          .contains("keeplive_gateway_drops_total")
          .contains("keeplive_gateway_resyncs_total")
          .contains("keeplive_gateway_aborts_total")
          .contains("keeplive_gateway_notifications_consumer_errors_total{")
          .contains("keeplive_gateway_e2e_latency_seconds_bucket");
    }
  }

  @Test
  void healthHasLivenessAndReadinessGroups() throws Exception {
    for (String path : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(app.url() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).contains("UP");
    }
  }

  @Test
  void theGatewayRefusesToStartWithTheDevelopmentSecretOutsideDevMode() {
    assertThatThrownBy(
            () ->
                LiveGatewayApplication.application()
                    .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + Kafka.shared().bootstrapServers(),
                        "--keeplive.dev-mode=false",
                        "--keeplive.live-api.service-token=a-production-service-token",
                        "--keeplive.jwt.secret=" + JwtSettings.DEVELOPMENT_SECRET)
                    .close())
        .hasStackTraceContaining("development secret");
  }

  @Test
  void theGatewayRefusesToStartWithoutALiveApiServiceCredentialOutsideDevMode() {
    assertThatThrownBy(
            () ->
                LiveGatewayApplication.application()
                    .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + Kafka.shared().bootstrapServers(),
                        "--keeplive.dev-mode=false",
                        "--keeplive.jwt.secret=a-production-secret-that-is-long-enough-1234")
                    .close())
        .hasStackTraceContaining("keeplive.live-api.service-token is required");
  }

  @Test
  void devTokenDoesNotExistOutsideDevMode() throws Exception {
    try (GatewayApp production =
        GatewayApp.start(
            Map.of(
                "keeplive.dev-mode", "false",
                "keeplive.jwt.secret", "a-production-secret-that-is-long-enough-1234",
                "keeplive.live-api.service-token", "a-production-service-token"))) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(production.url() + "/dev/token"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"a\",\"tenant\":\"b\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
    }
  }
}
