package io.keeplive.resource.metrics;

/**
 * The metrics of resource-service, by Micrometer name; the Prometheus names are the ones of
 * docs/architecture.md.
 */
public enum ResourceMetric {
  /**
   * {@code keeplive_resource_writes_total{resource,action}}: records changed by committed writes (a
   * bulk close of 3 tickets counts 3; a no-op update counts nothing).
   */
  WRITES("keeplive.resource.writes");

  private final String meterName;

  ResourceMetric(String meterName) {
    this.meterName = meterName;
  }

  public String meterName() {
    return meterName;
  }
}
