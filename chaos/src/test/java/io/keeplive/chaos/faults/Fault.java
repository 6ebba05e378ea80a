package io.keeplive.chaos.faults;

/**
 * One fault of a schedule: what, to which process, when it starts (ms after the run started) and
 * how long until it heals (the restart or the {@code SIGCONT}).
 */
public record Fault(Kind kind, String target, long startMillis, long lengthMillis) {

  /** The kinds of fault, each a real signal or restart of a real process. */
  public enum Kind {
    /** {@code kill -9} of a service JVM, restarted after the fault's length. */
    KILL,
    /**
     * A graceful stop (SIGTERM) of a gateway, as in a rolling deploy: its sessions get close 1001
     * and must reconnect elsewhere. Started again after the fault's length.
     */
    STOP,
    /** {@code SIGSTOP} of the Kafka broker, {@code SIGCONT} after 1–15 s. */
    PAUSE,
    /** A clean stop of the Kafka broker (SIGTERM), started again after the fault's length. */
    RESTART_KAFKA,
    /** PostgreSQL's fast shutdown (SIGINT), started again after the fault's length. */
    RESTART_POSTGRES,
    /** HAProxy stopped (every client connection drops at once) and started again. */
    RESTART_BALANCER
  }

  public long endMillis() {
    return startMillis + lengthMillis;
  }

  /** The kind as reports name it, e.g. {@code kill gateway}. */
  public String label() {
    return switch (kind) {
      case KILL -> "kill -9 " + target.substring(0, target.indexOf('-'));
      case STOP -> "SIGTERM " + target.substring(0, target.indexOf('-'));
      case PAUSE -> "SIGSTOP kafka";
      case RESTART_KAFKA -> "restart kafka";
      case RESTART_POSTGRES -> "restart postgres";
      case RESTART_BALANCER -> "restart haproxy";
    };
  }
}
