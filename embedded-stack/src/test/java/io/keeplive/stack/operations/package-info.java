/**
 * Operations checks against the running embedded stack: what the deployment's dashboards and alerts
 * read must really be published by the services.
 *
 * <p>The deployment side ({@code deploy-checks}) proves by file checks that every series the
 * Grafana dashboard, the PrometheusRule and the KEDA trigger read is documented, and keeps the list
 * in {@code deploy/metrics-in-use.txt}. The tests here close the loop: they drive real traffic
 * (REST writes, WebSocket subscriptions in both modes, a malformed Kafka record) through the shared
 * stack of {@code io.keeplive.stack.testing.SharedStack}, scrape the real {@code
 * /actuator/prometheus} output of the three services and fail, naming service and series, when one
 * is missing or carries a label the architecture does not document. Series that Prometheus itself
 * adds on scrape ({@code up}) are not expected from the services.
 *
 * <p>{@code DashboardOnRealPrometheusTest} goes one step further where the {@code prometheus}
 * binary (Debian package {@code prometheus}) is installed: a real Prometheus scrapes the three
 * services under the job names the deployments use, and every dashboard query must return series.
 *
 * <p>Tests use a random tenant and never restart the shared stack; the Prometheus child process is
 * stopped by the test that started it.
 */
package io.keeplive.stack.operations;
