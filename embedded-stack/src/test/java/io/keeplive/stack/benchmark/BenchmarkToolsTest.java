package io.keeplive.stack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.testsupport.BenchmarkJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkToolsTest {

  @Test
  void threadNamesGroupIntoPoolsAsTheKernelCutsThem() {
    assertThat(ThreadCpu.pool("reactor-http-nio-3")).isEqualTo("reactor-http-ni");
    assertThat(ThreadCpu.pool("C2 CompilerThread1")).isEqualTo("C2 CompilerThre");
    assertThat(ThreadCpu.pool("pool-3-thread-2")).isEqualTo("pool-thread");
    assertThat(ThreadCpu.pool("GC Thread#1")).isEqualTo("GC Thread");
  }

  @Test
  void aPoolsCpuIsSharedOutByItsSamplesAndUnsampledPoolsGoToTheirOwner() {
    Map<Component, Long> nanos =
        CpuAttribution.of(
            Map.of("webflux-http-ni", 1000L, "C2 CompilerThre", 300L),
            Map.of(
                "webflux-http-ni",
                Map.of(Component.GATEWAY_REFETCH, 3L, Component.GATEWAY_IO, 1L)));
    assertThat(nanos)
        .containsEntry(Component.GATEWAY_REFETCH, 750L)
        .containsEntry(Component.GATEWAY_IO, 250L)
        .containsEntry(Component.JIT, 300L);
  }

  @Test
  void aSampleBelongsToItsInnermostKeepliveFrameSkippingTheSharedLibrary() {
    List<String> stack =
        List.of(
            "io.netty.channel.AbstractChannel",
            "io.keeplive.contracts.json.Json",
            "io.keeplive.gateway.session.Outbound",
            "io.keeplive.gateway.refetch.CohortRegistry");
    assertThat(Component.ofStack(stack, "webflux-http-ni")).isEqualTo(Component.GATEWAY_SESSIONS);
    assertThat(Component.ofStack(List.of("io.netty.Foo"), "reactor-tcp-epo"))
        .isEqualTo(Component.RESOURCE_SQL);
    assertThat(
            Component.ofStack(
                List.of("io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder"),
                "webflux-http-ep"))
        .isEqualTo(Component.GATEWAY_IO);
    assertThat(Component.ofStack(List.of("io.netty.Foo"), "webflux-http-ep"))
        .isEqualTo(Component.SHARED_LOOPS);
  }

  @Test
  void flameGraphFramesAreAsWideAsTheirSamples() {
    String svg = FlameGraphSvg.render("t", Map.of("pool;a.B.c;d.E.f", 3L, "pool;a.B.c;g.H.i", 1L));
    assertThat(svg).contains("width=\"1200.0\"").contains("width=\"900.0\"");
    assertThat(svg).contains("width=\"300.0\"").contains("E.f (3 samples, 75.00%)");
  }

  @Test
  void jsonKeepsOrderAndEscapesStrings() {
    var figures = new LinkedHashMap<String, Object>();
    figures.put("b", 1.5);
    figures.put("a", "x\"y");
    figures.put("n", Double.NaN);
    figures.put("l", List.of(1, 2.0));
    assertThat(BenchmarkJson.encode(figures))
        .isEqualTo(
            "{\n  \"b\": 1.500,\n  \"a\": \"x\\\"y\",\n  \"n\": null,\n  \"l\": [1, 2.000]\n}");
  }
}
