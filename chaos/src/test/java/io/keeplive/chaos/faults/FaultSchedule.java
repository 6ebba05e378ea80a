package io.keeplive.chaos.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The faults of one run, drawn from a seed: the same seed and duration always give the same
 * schedule. Every kind of fault occurs at least once (a shuffled round of all kinds first, then
 * random ones); a quarter of the faults start within 2 s of the previous one on another process
 * (overlaps of two faults); a process never has two faults at once; every fault has healed 15 s
 * before the run's end.
 */
public final class FaultSchedule {

  static final long FIRST_FAULT_MILLIS = 5_000;
  static final long QUIET_END_MILLIS = 15_000;

  private static final List<String> KILLABLE =
      List.of("gateway-1", "gateway-2", "relay-1", "relay-2", "resource-1", "resource-2");

  private FaultSchedule() {}

  public static List<Fault> draw(long seed, long durationMillis) {
    Random random = new Random(seed);
    List<String> round =
        new ArrayList<>(
            List.of(
                "gateway", "relay", "resource", "pause", "kafka", "postgres", "haproxy", "stop"));
    Collections.shuffle(round, random);
    Map<String, Long> busyUntil = new HashMap<>();
    List<Fault> faults = new ArrayList<>();
    long last = FIRST_FAULT_MILLIS;
    long end = durationMillis - QUIET_END_MILLIS;
    while (true) {
      boolean overlap = !faults.isEmpty() && random.nextInt(4) == 0;
      // The first round (every kind once) is packed closer, so that it fits a 90-second run.
      long gap = round.isEmpty() ? 2_000 + random.nextInt(8_000) : 1_000 + random.nextInt(4_000);
      long start = overlap ? last + 1 + random.nextInt(2_000) : last + gap;
      if (start > end) {
        break;
      }
      boolean fromRound = !round.isEmpty();
      String pick = fromRound ? round.remove(0) : anyKind(random);
      Fault fault = fault(pick, start, random, busyUntil);
      last = start;
      if (fault == null || fault.endMillis() > end) {
        if (fromRound) {
          round.add(0, pick); // not placed yet: tried again later, so that every kind occurs
        }
        continue;
      }
      faults.add(fault);
      // A killed JVM needs up to a minute to be ready again on a loaded machine.
      long settle =
          switch (fault.kind()) {
            case KILL, STOP -> 60_000;
            case RESTART_KAFKA -> 30_000;
            default -> 5_000;
          };
      busyUntil.put(fault.target(), fault.endMillis() + settle);
    }
    return List.copyOf(faults);
  }

  private static String anyKind(Random random) {
    List<String> kinds =
        List.of("gateway", "relay", "resource", "pause", "kafka", "postgres", "haproxy", "stop");
    return kinds.get(random.nextInt(kinds.size()));
  }

  private static Fault fault(String pick, long start, Random random, Map<String, Long> busyUntil) {
    return switch (pick) {
      case "gateway", "relay", "resource" -> {
        List<String> free =
            KILLABLE.stream()
                .filter(name -> name.startsWith(pick))
                .filter(name -> busyUntil.getOrDefault(name, 0L) < start)
                .toList();
        yield free.isEmpty()
            ? null
            : new Fault(
                Fault.Kind.KILL,
                free.get(random.nextInt(free.size())),
                start,
                1_000 + random.nextInt(7_000));
      }
      case "stop" -> {
        List<String> free =
            KILLABLE.stream()
                .filter(name -> name.startsWith("gateway"))
                .filter(name -> busyUntil.getOrDefault(name, 0L) < start)
                .toList();
        yield free.isEmpty()
            ? null
            : new Fault(
                Fault.Kind.STOP,
                free.get(random.nextInt(free.size())),
                start,
                1_000 + random.nextInt(4_000));
      }
      case "pause" ->
          kafkaFault(Fault.Kind.PAUSE, start, 1_000 + random.nextInt(14_000), busyUntil);
      case "kafka" ->
          kafkaFault(Fault.Kind.RESTART_KAFKA, start, 1_000 + random.nextInt(4_000), busyUntil);
      case "postgres" ->
          free("postgres", busyUntil, start)
              ? new Fault(Fault.Kind.RESTART_POSTGRES, "postgres", start, random.nextInt(3_000))
              : null;
      default ->
          free("haproxy", busyUntil, start)
              ? new Fault(Fault.Kind.RESTART_BALANCER, "haproxy", start, random.nextInt(2_000))
              : null;
    };
  }

  private static Fault kafkaFault(
      Fault.Kind kind, long start, long length, Map<String, Long> busyUntil) {
    return free("kafka", busyUntil, start) ? new Fault(kind, "kafka", start, length) : null;
  }

  private static boolean free(String target, Map<String, Long> busyUntil, long start) {
    return busyUntil.getOrDefault(target, 0L) < start;
  }
}
