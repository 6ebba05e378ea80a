/**
 * Checks that every metric the deployment reads exists: each series used by a dashboard panel, a
 * dashboard variable, an alert rule or the KEDA trigger must be listed in the metric table of
 * docs/architecture.md (timers/histograms with their {@code _bucket/_count/_sum/_max} series) or be
 * a standard Spring Boot/Micrometer/Prometheus series ({@code http_server_requests_seconds_*},
 * {@code jvm_*}, {@code process_*}, {@code up}).
 *
 * <p>{@link io.keeplive.deploy.metrics.PromQl} extracts metric names from PromQL without a full
 * parser; {@link io.keeplive.deploy.metrics.MetricsInUse} collects the expressions from the files;
 * {@link io.keeplive.deploy.metrics.MetricCatalog} reads the architecture table. The resulting
 * inventory is committed as {@code deploy/metrics-in-use.txt}, which the embedded-stack operations
 * test compares with the live /actuator/prometheus output of the three services. Everything here is
 * a pure file check.
 */
package io.keeplive.deploy.metrics;
