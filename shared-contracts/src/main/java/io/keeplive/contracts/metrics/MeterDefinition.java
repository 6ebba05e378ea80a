package io.keeplive.contracts.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * One metric as every Keeplive service defines it: Micrometer name without a unit, meter type, base
 * unit, description and tag keys. The Prometheus name follows from Micrometer's naming convention
 * (dots become underscores, the base unit is appended to gauges and counters, {@code _total} to
 * counters, {@code _seconds} to timers).
 */
public record MeterDefinition(
    String name, Meter.Type type, String baseUnit, String description, List<KeyName> keyNames) {

  public MeterDefinition {
    keyNames = List.copyOf(keyNames);
  }

  public static MeterDefinition gauge(
      String name, String baseUnit, String description, KeyName... keyNames) {
    return new MeterDefinition(name, Meter.Type.GAUGE, baseUnit, description, List.of(keyNames));
  }

  public static MeterDefinition counter(String name, String description, KeyName... keyNames) {
    return new MeterDefinition(name, Meter.Type.COUNTER, null, description, List.of(keyNames));
  }

  /** Timers record in seconds whatever the base unit: Prometheus names end in {@code _seconds}. */
  public static MeterDefinition timer(String name, String description, KeyName... keyNames) {
    return new MeterDefinition(name, Meter.Type.TIMER, null, description, List.of(keyNames));
  }
}
