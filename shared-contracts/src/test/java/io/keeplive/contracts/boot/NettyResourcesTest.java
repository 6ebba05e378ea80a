package io.keeplive.contracts.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;

/** The outgoing HTTP pool is bounded: connections and the calls waiting for one. */
class NettyResourcesTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @BeforeEach
  void startAServerThatDoesNotAnswerUntilReleased() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void aCallBeyondTheConnectionsAndTheWaitingQueueFailsAtOnce() {
    new ApplicationContextRunner()
        .withUserConfiguration(NettyResources.class)
        .withPropertyValues(
            "keeplive.http-client.max-connections=1",
            "keeplive.http-client.pending-acquire-max=2",
            "keeplive.http-client.pending-acquire-timeout=30s")
        .run(
            context -> {
              ReactorResourceFactory resources = context.getBean(ReactorResourceFactory.class);
              resources.start();
              WebClient client =
                  WebClient.builder()
                      .clientConnector(new ReactorClientHttpConnector(resources, c -> c))
                      .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                      .build();
              List<Mono<Throwable>> calls = new ArrayList<>();
              // One holds the connection, two wait for it, one more finds the queue full.
              for (int i = 0; i < 4; i++) {
                calls.add(
                    client
                        .get()
                        .uri("/slow")
                        .retrieve()
                        .toBodilessEntity()
                        .then(Mono.<Throwable>empty())
                        .onErrorResume(Mono::just)
                        .cache());
                calls.get(i).subscribe();
              }

              // Nothing answers before the release: the first failure is the full queue's.
              Throwable refused = Flux.merge(calls).blockFirst(Duration.ofSeconds(5));

              assertThat(refused).hasRootCauseInstanceOf(PoolAcquirePendingLimitException.class);
              release.countDown();
              List<Throwable> failures =
                  Flux.merge(calls).collectList().block(Duration.ofSeconds(10));
              assertThat(failures).as("only the call beyond the queue failed").hasSize(1);
              resources.destroy();
            });
  }
}
