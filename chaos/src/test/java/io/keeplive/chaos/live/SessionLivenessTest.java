package io.keeplive.chaos.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.chaos.workload.Actors;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The harness's client follows the protocol's liveness recipe: ping when silent, and drop and
 * replace a connection on which nothing arrives. A gateway stand-in that answers only {@code auth}
 * plays the connection whose far end is gone.
 */
class SessionLivenessTest {

  private final AtomicInteger auths = new AtomicInteger();
  private final AtomicInteger pings = new AtomicInteger();
  private final AtomicInteger silent = new AtomicInteger();
  private DisposableServer server;
  private Session session;

  @AfterEach
  void stop() {
    if (session != null) {
      session.close();
    }
    if (server != null) {
      server.disposeNow();
    }
  }

  @Test
  void aConnectionOnWhichNothingArrivesIsDroppedAndReplaced() {
    open(false);

    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> auths.get() >= 2);

    assertThat(pings.get()).as("pinged before giving up").isPositive();
    assertThat(silent.get()).isPositive();
  }

  @Test
  void aConnectionThatAnswersPingsIsKept() {
    open(true);

    // Three pings unanswered would have dropped the connection twice over (10 s vs 4 s apart).
    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> pings.get() >= 3);

    assertThat(silent.get()).isZero();
    assertThat(auths.get()).isEqualTo(1);
  }

  private void open(boolean answerPings) {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.ws(
                        "/live",
                        (in, out) ->
                            out.sendString(
                                in.receive()
                                    .asString()
                                    .flatMap(frame -> answer(frame, answerPings)))))
            .bindNow();
    Actors.User user = new Actors.User("agent1-0", "t", "agent");
    session =
        new Session(
            user, "token", "http://127.0.0.1:" + server.port(), List.of(), new Counting(), true);
    session.open();
  }

  private Flux<String> answer(String frame, boolean answerPings) {
    if (frame.contains("\"auth\"")) {
      auths.incrementAndGet();
      return Flux.just("{\"type\":\"auth_ok\"}");
    }
    if (frame.contains("\"ping\"")) {
      pings.incrementAndGet();
      return answerPings ? Flux.just("{\"type\":\"pong\"}") : Flux.empty();
    }
    return Flux.empty();
  }

  private final class Counting implements Session.Observer {
    @Override
    public void onMessage(
        Session session,
        Spec spec,
        int connection,
        String subscriptionId,
        JsonNode message,
        long nanos) {}

    @Override
    public void onReconnect(Session session, int closeCode) {}

    @Override
    public void onDuplicate(Session session, String detail) {}

    @Override
    public void onSilentConnection(Session session, String diagnosis) {
      silent.incrementAndGet();
    }
  }
}
