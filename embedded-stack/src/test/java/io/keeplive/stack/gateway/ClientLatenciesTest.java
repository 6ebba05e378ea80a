package io.keeplive.stack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fairness benchmark's per-tenant latency histograms (benchmark tooling, pure logic). */
class ClientLatenciesTest {

  private static void push(ClientLatencies latencies, int tenant, String type, Instant written) {
    String frame =
        "{\"type\":\""
            + type
            + "\",\"id\":\"q\",\"seq\":3,\"row\":{\"id\":\"r1\",\"updated_at\":\""
            + written
            + "\"},\"at\":\"7\"}";
    latencies.record(tenant, Unpooled.copiedBuffer(frame, StandardCharsets.UTF_8));
  }

  @Test
  void rowFramesAreCountedPerTenantAndOtherFramesNot() {
    ClientLatencies latencies = new ClientLatencies(3);
    Instant now = Instant.now();
    push(latencies, 0, "update", now.minusMillis(40));
    push(latencies, 0, "insert", now.minusMillis(40));
    push(latencies, 2, "update", now.minusSeconds(2));
    push(latencies, 1, "delete", now.minusMillis(5));
    push(latencies, 1, "result", now.minusMillis(5));

    Map<Integer, long[]> parsed = new HashMap<>();
    ClientLatencies.parse(latencies.report(), parsed);

    assertThat(parsed).containsOnlyKeys(0, 2);
    assertThat(ClientLatencies.count(parsed.get(0))).isEqualTo(2);
    assertThat(ClientLatencies.quantile(parsed.get(0), 0.99)).isBetween(40.0, 1000.0);
    assertThat(ClientLatencies.quantile(parsed.get(2), 0.5)).isBetween(2000.0, 3000.0);
    latencies.reset();
    assertThat(latencies.report()).isEqualTo("latency");
  }

  @Test
  void quantilesOfMergedTenantsAreTheUpperBoundsOfTheirBuckets() {
    Map<Integer, long[]> byTenant = new HashMap<>();
    ClientLatencies.parse("latency 0=10:98,500:2 1=20:100", byTenant);
    long[] both = ClientLatencies.merge(byTenant, List.of(0, 1));
    assertThat(ClientLatencies.count(both)).isEqualTo(200);
    assertThat(ClientLatencies.quantile(both, 0.25)).isEqualTo(11);
    assertThat(ClientLatencies.quantile(both, 0.99)).isEqualTo(21);
    assertThat(ClientLatencies.quantile(byTenant.get(0), 0.5)).isEqualTo(11);
    assertThat(ClientLatencies.quantile(byTenant.get(0), 0.99)).isEqualTo(501);
    assertThat(ClientLatencies.quantile(new long[10], 0.99)).isNaN();
  }
}
