package io.keeplive.stack.benchmark;

import java.util.EnumMap;
import java.util.Map;

/**
 * CPU per {@link Component}: each thread pool's CPU time ({@link ThreadCpu}, which includes system
 * calls) shared out by the pool's execution samples ({@link JfrProfile}); a pool without samples
 * (compiler, GC threads, threads that only wait in system calls) goes to its owner.
 */
public final class CpuAttribution {

  private CpuAttribution() {}

  public static Map<Component, Long> of(
      Map<String, Long> cpuByPool, Map<String, Map<Component, Long>> samplesByPool) {
    Map<Component, Long> nanos = new EnumMap<>(Component.class);
    cpuByPool.forEach(
        (pool, cpu) -> {
          Map<Component, Long> samples = samplesByPool.getOrDefault(pool, Map.of());
          long total = samples.values().stream().mapToLong(Long::longValue).sum();
          if (total == 0) {
            nanos.merge(Component.ofPool(pool), cpu, Long::sum);
            return;
          }
          samples.forEach(
              (component, count) ->
                  nanos.merge(component, Math.round((double) cpu * count / total), Long::sum));
        });
    return nanos;
  }
}
