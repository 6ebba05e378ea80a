package io.keeplive.resource.live;

import static io.keeplive.resource.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keeplive.contracts.identity.ServiceCredential;
import io.keeplive.resource.Api;
import io.keeplive.resource.ResourceServiceApplication;
import io.keeplive.resource.RunningService;
import io.keeplive.testsupport.Postgres;
import io.keeplive.testsupport.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** SPEC §4.4: the live API answers only callers with the gateways' service credential. */
class LiveApiDoorTest {

  private final String tenant = TestTokens.randomTenant();
  private final Api admin = Api.as("ada", tenant, "admin");
  private final WebTestClient client = RunningService.shared().client();

  private WebTestClient.ResponseSpec post(String path, String credential, String body) {
    WebTestClient.RequestBodySpec request =
        client
            .post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin.token())
            .header(HttpHeaders.CONTENT_TYPE, "application/json");
    if (credential != null) {
      request.header(ServiceCredential.HEADER, credential);
    }
    return request.bodyValue(body).exchange();
  }

  private static double failures(String reason) {
    Counter counter =
        RunningService.shared()
            .context()
            .getBean(MeterRegistry.class)
            .find("keeplive.resource.live.failures")
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aPlanWithoutTheServiceCredentialIsRefusedWith401EvenWithAValidUserToken() {
    Map<String, Object> refused =
        problem(post("/api/live/plan", null, "{\"resource\":\"tickets\"}"), 401, null);

    assertThat(refused)
        .containsEntry("code", "service_unauthorized")
        .containsEntry("type", "https://keeplive.io/problems/service-unauthorized");
    post("/api/live/plan", null, "{\"resource\":\"tickets\"}")
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, ServiceCredential.HEADER);
  }

  @Test
  void aQueryWithAWrongServiceCredentialIsRefusedWith401() {
    String body = "{\"resource\":\"tickets\",\"actors\":[\"" + admin.token() + "\"]}";

    Map<String, Object> refused =
        problem(post("/api/live/query", "not-the-credential", body), 401, null);

    assertThat(refused).containsEntry("code", "service_unauthorized");
  }

  @Test
  void aThousandJunkActorTokensFromACallerWithoutCredentialAreRefusedBeforeAnyIsVerified() {
    String junk = String.join(",", Collections.nCopies(1000, "\"junk\""));
    double unauthorizedActorsBefore = failures("actor_unauthorized");

    problem(
        post("/api/live/query", null, "{\"resource\":\"tickets\",\"actors\":[" + junk + "]}"),
        401,
        null);

    assertThat(failures("actor_unauthorized")).isEqualTo(unauthorizedActorsBefore);
  }

  @Test
  void everyRefusalIsCountedWithItsReason() {
    double before = failures("service_unauthorized");
    double badBefore = failures("bad_request");

    post("/api/live/plan", null, "{\"resource\":\"tickets\"}");
    post(
        "/api/live/plan",
        ServiceCredential.DEVELOPMENT_TOKEN,
        "{\"resource\":\"tickets\",\"colour\":1}");

    assertThat(failures("service_unauthorized")).isEqualTo(before + 1);
    assertThat(failures("bad_request")).isEqualTo(badBefore + 1);
  }

  @Test
  void outsideDevelopmentModeTheServiceRefusesToStartWithoutAServiceCredential() {
    List<String> args = new ArrayList<>();
    RunningService.arguments(Postgres.shared().newDatabase("resource_service")).stream()
        .filter(argument -> !argument.startsWith("--keeplive."))
        .forEach(args::add);
    args.add("--keeplive.jwt.secret=a-production-secret-of-at-least-32-bytes!!");

    assertThatThrownBy(
            () -> ResourceServiceApplication.application().run(args.toArray(String[]::new)).close())
        .rootCause()
        .hasMessageContaining(ServiceCredential.PROPERTY)
        .hasMessageContaining("required outside development mode");
  }
}
