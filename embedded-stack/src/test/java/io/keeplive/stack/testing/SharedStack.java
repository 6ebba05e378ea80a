package io.keeplive.stack.testing;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.StackSettings;
import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.LiveClient;
import io.keeplive.testsupport.Postgres;
import io.keeplive.testsupport.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * One whole stack per test JVM, on the shared PostgreSQL and Kafka of test-support, every service
 * on a free port. Test classes isolate themselves by using random tenants ({@code
 * TestTokens.randomTenant()}), never by restarting the stack. Tests that must stop a component
 * (gateway restarts, second instances) use {@link EmbeddedStack#startGateway} / {@link
 * EmbeddedStack#stopGateway} and leave at least the first gateway running.
 */
public final class SharedStack {

  public static final String TOPIC = "keeplive.notifications";

  private static volatile EmbeddedStack stack;

  private SharedStack() {}

  public static EmbeddedStack get() {
    EmbeddedStack instance = stack;
    if (instance == null) {
      synchronized (SharedStack.class) {
        instance = stack;
        if (instance == null) {
          Kafka kafka = Kafka.shared();
          kafka.createTopic(TOPIC, 3);
          Postgres.Database database = Postgres.shared().newDatabase("stack");
          instance =
              EmbeddedStack.start(
                  StackSettings.ephemeral(TOPIC, Map.of()), database, kafka.bootstrapServers());
          warmUp(instance);
          EmbeddedStack started = instance;
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stack-stop"));
          stack = instance;
        }
      }
    }
    return instance;
  }

  /**
   * Waits until one write has travelled the whole path (outbox → relay → Kafka → gateway → push),
   * so that tests measure a running pipeline, not consumer-group start-up.
   */
  private static void warmUp(EmbeddedStack stack) {
    String tenant = TestTokens.randomTenant();
    String token = TestTokens.token("warm-up", tenant, "admin");
    try (LiveClient client = LiveClient.authenticated(stack.gatewayUrl().toString(), token)) {
      client.send(Subscriptions.listTickets("warm-up"));
      client.awaitResult("warm-up", r -> true, Duration.ofSeconds(30));
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                // A notification produced before the gateway's consumer is positioned is not
                // seen by it; writing again until one arrives makes the wait robust.
                new Api(stack.resourceServiceUrl(), token).createTicket("warm-up");
                return client
                    .latestResult("warm-up")
                    .map(r -> r.get("rows").size() > 0)
                    .orElse(false);
              });
    }
  }

  public static Api api(String token) {
    return new Api(get().resourceServiceUrl(), token);
  }
}
