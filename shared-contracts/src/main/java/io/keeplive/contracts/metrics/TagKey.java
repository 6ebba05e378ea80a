package io.keeplive.contracts.metrics;

import io.micrometer.common.docs.KeyName;

/** A tag key of a {@link MeterDefinition}; its values must come from a closed set. */
public record TagKey(String key) implements KeyName {

  @Override
  public String asString() {
    return key;
  }
}
