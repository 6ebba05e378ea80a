package io.keeplive.stack.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {

  @Test
  void samplesCountAsSeriesWithTheirLabelNamesAndDeclarationsAloneDoNot() {
    PrometheusExposition exposition =
        PrometheusExposition.parse(
            """
            # HELP keeplive_gateway_drops_total Dropped messages
            # TYPE keeplive_gateway_drops_total counter
            # TYPE keeplive_relay_errors_total counter
            keeplive_gateway_pushes_total{type="result"} 3.0
            keeplive_gateway_pushes_total{type="insert"} 1.0
            keeplive_gateway_sessions 2.0
            kafka_consumer_fetch_manager_records_lag{client_id="c-1",kafka_version="4.1.2",partition="0",topic="a_b"} 0.0
            weird{label="a,b=\\"c\\"",other="x"} 1
            """);

    assertThat(exposition.has("keeplive_gateway_pushes_total")).isTrue();
    assertThat(exposition.labelsBySeries().get("keeplive_gateway_pushes_total"))
        .containsExactly("type");
    assertThat(exposition.labelsBySeries().get("keeplive_gateway_sessions")).isEmpty();
    assertThat(exposition.labelsBySeries().get("kafka_consumer_fetch_manager_records_lag"))
        .contains("partition", "topic", "client_id");
    assertThat(exposition.labelsBySeries().get("weird")).containsExactly("label", "other");
    assertThat(exposition.has("keeplive_gateway_drops_total")).isFalse();
    assertThat(exposition.has("keeplive_relay_errors_total")).isFalse();
  }
}
