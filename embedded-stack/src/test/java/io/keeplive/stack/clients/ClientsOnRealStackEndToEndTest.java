package io.keeplive.stack.clients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.SharedStack;
import io.keeplive.testsupport.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The npm workspace under clients/ in the README's one test command: its unit and contract tests,
 * then @keeplive/client from Node and the demo in real Chromium, both against this real stack.
 *
 * <p>Besides the shared stack's gateway ("A") this starts gateway "B" and a TCP proxy in front of
 * B, and serves a small control API the Node tests call to stop and restart B (1001, a rolling
 * restart) and to cut the proxy (a crashed instance: connections reset, 1006).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientsOnRealStackEndToEndTest {

  private static EmbeddedStack stack;
  private static volatile ConfigurableApplicationContext gatewayB;
  private static volatile int portB;
  private static CuttableProxy proxy;
  private static HttpServer control;

  @BeforeAll
  static void start() throws IOException {
    stack = SharedStack.get();
    // Restarted on the same port by the Node tests: one outgoing connections cannot take meanwhile.
    gatewayB = stack.startGateway(Ports.restartable());
    portB = stack.gatewayUrl(gatewayB).getPort();
    proxy = new CuttableProxy(() -> portB);
    control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    control.createContext(
        "/gateway-b/stop", ex -> answer(ex, ClientsOnRealStackEndToEndTest::stopB));
    control.createContext(
        "/gateway-b/start", ex -> answer(ex, ClientsOnRealStackEndToEndTest::startB));
    control.createContext("/proxy/cut", ex -> answer(ex, () -> proxy.cut()));
    control.createContext("/proxy/restore", ex -> answer(ex, () -> proxy.restore()));
    control.start();
  }

  private static synchronized void stopB() {
    if (gatewayB != null) {
      stack.stopGateway(gatewayB);
      gatewayB = null;
    }
  }

  private static synchronized void startB() {
    if (gatewayB == null) {
      gatewayB = stack.startGateway(portB);
    }
  }

  private static void answer(HttpExchange exchange, Runnable action) throws IOException {
    int status = 200;
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    try {
      action.run();
    } catch (RuntimeException e) {
      status = 500;
      body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterAll
  static void stop() throws IOException {
    control.stop(0);
    proxy.close();
    stopB();
  }

  private static Map<String, String> env() {
    return Map.of(
        "KEEPLIVE_GATEWAY_A",
        stack.gatewayUrl().toString(),
        "KEEPLIVE_GATEWAY_B",
        "http://localhost:" + portB,
        "KEEPLIVE_PROXY_B",
        "http://localhost:" + proxy.port(),
        "KEEPLIVE_API",
        stack.resourceServiceUrl().toString(),
        "KEEPLIVE_CONTROL",
        "http://localhost:" + control.getAddress().getPort(),
        "KEEPLIVE_ARTIFACTS",
        Repository.artifacts().toString());
  }

  @Test
  @Order(1)
  void theClientPackagesPassTheirUnitAndContractTests() {
    Node.ready();
    Node.run("npm-test", Duration.ofMinutes(3), Map.of(), "npm", "test");
  }

  @Test
  @Order(2)
  void theClientKeepsLiveQueriesCorrectOnTheRealStackThroughRestartsCrashesAndExpiry() {
    Node.ready();
    Node.run(
        "client-on-stack",
        Duration.ofMinutes(4),
        env(),
        "npm",
        "run",
        "test:stack",
        "-w",
        "@keeplive/client");
  }

  @Test
  @Order(3)
  void theDemoWorksForTwoUsersInRealChromiumAndRecoversFromAGatewayRestart() {
    Node.ready();
    startB();
    Node.run(
        "demo-in-chromium",
        Duration.ofMinutes(4),
        env(),
        "npm",
        "run",
        "test:browser",
        "-w",
        "@keeplive/demo");
  }
}
