/**
 * Metrics of resource-service: the names in {@link io.keeplive.resource.metrics.ResourceMetric},
 * recorded by listeners of the features ({@link io.keeplive.resource.metrics.WriteMetrics} listens
 * to writes). Tags are low-cardinality (resource and action names from declarations).
 *
 * <p>Depends on Micrometer and the listener interfaces of the features it observes ({@code write},
 * {@code live}).
 */
package io.keeplive.resource.metrics;
