package io.keeplive.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void aHistogramQuantileReadsOnlyTheBucketSeries() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, kind) (rate(keeplive_gateway_refetch_latency_seconds_bucket{namespace=~\"$namespace\"}[$__rate_interval])))"))
        .containsExactly("keeplive_gateway_refetch_latency_seconds_bucket");
  }

  @Test
  void labelNamesInGroupingClausesAndMatchersAreNotMetricNames() {
    assertThat(
            PromQl.metricNames(
                "sum by (instance) (kafka_consumer_fetch_manager_records_lag{topic=\"a.b\", partition=~\"1|2\"}) > 1000"))
        .containsExactly("kafka_consumer_fetch_manager_records_lag");
    assertThat(
            PromQl.metricNames(
                "sum(rate(a_total[5m])) / on (job) group_left (x) sum without (pod) (rate(b_total[5m] offset 1h))"))
        .containsExactly("a_total", "b_total");
  }

  @Test
  void bothSidesOfABinaryOperationAreFoundAndKeywordsAreSkipped() {
    assertThat(
            PromQl.metricNames(
                "(sum(keeplive_relay_shards_owned{namespace=\"x\"}) or vector(0)) < 64 and bool up == 0"))
        .containsExactly("keeplive_relay_shards_owned", "up");
  }

  @Test
  void grafanaLabelValuesReadsItsMetricArgument() {
    assertThat(PromQl.metricNames("label_values(keeplive_gateway_sessions, namespace)"))
        .containsExactly("keeplive_gateway_sessions");
  }

  @Test
  void blankedHelmActionsLeaveTheMetricNamesIntact() {
    assertThat(PromQl.metricNames("max(keeplive_outbox_backlog_rows{   }) >   "))
        .containsExactly("keeplive_outbox_backlog_rows");
  }
}
