package io.keeplive.contracts.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import java.util.function.ToDoubleFunction;

/**
 * The shape of the services' metric enums: each constant holds its {@link MeterDefinition}, and
 * builders start from it, so a name, unit or description is written once.
 */
public interface DocumentedMeter extends MeterDocumentation {

  MeterDefinition definition();

  @Override
  default String getName() {
    return definition().name();
  }

  @Override
  default Meter.Type getType() {
    return definition().type();
  }

  @Override
  default String getBaseUnit() {
    return definition().baseUnit();
  }

  @Override
  default KeyName[] getKeyNames() {
    return definition().keyNames().toArray(KeyName[]::new);
  }

  default String description() {
    return definition().description();
  }

  default Counter.Builder counterBuilder() {
    return Counter.builder(getName()).baseUnit(getBaseUnit()).description(description());
  }

  default <T> Gauge.Builder<T> gaugeBuilder(T state, ToDoubleFunction<T> value) {
    return Gauge.builder(getName(), state, value)
        .baseUnit(getBaseUnit())
        .description(description());
  }

  default Timer.Builder timerBuilder() {
    return Timer.builder(getName()).description(description());
  }
}
