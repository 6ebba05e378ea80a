/**
 * The one shape of metric definitions the three services share ({@link
 * io.keeplive.contracts.metrics.DocumentedMeter}): each service lists its metrics as an enum of
 * {@link io.keeplive.contracts.metrics.MeterDefinition}s and pins their Prometheus names in a test,
 * because dashboards and alerts use those names.
 */
package io.keeplive.contracts.metrics;
