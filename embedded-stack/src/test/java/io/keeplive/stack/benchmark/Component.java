package io.keeplive.stack.benchmark;

import java.util.List;

/**
 * Where a unit of CPU is spent. A sample belongs to the innermost Keeplive frame on its stack (the
 * shared contracts library is skipped: it serves every service); a sample without one belongs to
 * its thread pool's owner ({@link #ofPool}).
 */
public enum Component {
  GATEWAY_REFETCH("gateway refetch/merge"),
  GATEWAY_SESSIONS("gateway sessions/push"),
  GATEWAY_CONSUMER("gateway Kafka consumer"),
  GATEWAY_IO("gateway WebSocket I/O (no Keeplive frame)"),
  RESOURCE_LIVE("resource-service live API (gateways' refetches)"),
  RESOURCE("resource-service REST writes and the rest"),
  RESOURCE_SQL("resource-service R2DBC driver"),
  RELAY("relay"),
  DRIVER("benchmark write driver"),
  SHARED_LOOPS("event loops shared by gateway and resource-service, no owner on the stack"),
  JIT("JIT compiler threads"),
  GC_VM("GC and VM threads"),
  OTHER("other threads of the server JVM"),
  KAFKA("Kafka broker (own JVM)"),
  POSTGRES("PostgreSQL (all processes)"),
  CLIENTS("WebSocket clients (own JVMs)");

  private final String label;

  Component(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The component of one sample: its frames' class names, innermost first. */
  public static Component ofStack(List<String> classesInnermostFirst, String pool) {
    for (String type : classesInnermostFirst) {
      if (!type.startsWith("io.keeplive.") || type.startsWith("io.keeplive.contracts.")) {
        continue;
      }
      if (type.startsWith("io.keeplive.gateway.refetch.")) {
        return GATEWAY_REFETCH;
      }
      if (type.startsWith("io.keeplive.gateway.notifications.")) {
        return GATEWAY_CONSUMER;
      }
      if (type.startsWith("io.keeplive.gateway.")) {
        return GATEWAY_SESSIONS;
      }
      if (type.startsWith("io.keeplive.resource.live.")) {
        return RESOURCE_LIVE;
      }
      if (type.startsWith("io.keeplive.resource.")) {
        return RESOURCE;
      }
      if (type.startsWith("io.keeplive.relay.")) {
        return RELAY;
      }
      return DRIVER;
    }
    return ofFramework(classesInnermostFirst, pool);
  }

  /**
   * A sample without Keeplive frames on an event loop that several services share: the framework
   * code on its stack tells whose it is (WebSocket codec: the gateway's sessions; the reactive HTTP
   * client: the gateway's live API calls; the HTTP server or R2DBC: resource-service).
   */
  private static Component ofFramework(List<String> classes, String pool) {
    boolean server = false;
    for (String type : classes) {
      if (type.contains(".websocketx.") || type.contains("WebSocket")) {
        return GATEWAY_IO;
      }
      if (type.startsWith("reactor.netty.http.client.")
          || type.startsWith("org.springframework.web.reactive.function.client.")) {
        return GATEWAY_REFETCH;
      }
      if (type.startsWith("io.r2dbc.")) {
        return RESOURCE_SQL;
      }
      server |= type.startsWith("reactor.netty.http.server.");
    }
    return server ? RESOURCE : ofPool(pool);
  }

  /** The owner of a thread pool ({@link ThreadCpu#pool}) whose samples carry no Keeplive frame. */
  public static Component ofPool(String pool) {
    if (pool.startsWith("C1 Compiler") || pool.startsWith("C2 Compiler")) {
      return JIT;
    }
    if (pool.startsWith("GC ") || pool.startsWith("VM ") || pool.startsWith("ParGC")) {
      return GC_VM;
    }
    if (pool.startsWith("webflux-http-") || pool.startsWith("reactor-http-")) {
      return SHARED_LOOPS;
    }
    if (pool.startsWith("reactor-tcp-") || pool.startsWith("keeplive-live")) {
      return RESOURCE_SQL;
    }
    if (pool.startsWith("keeplive-notifi") || pool.startsWith("keeplive-kafka")) {
      return GATEWAY_CONSUMER;
    }
    if (pool.startsWith("keeplive-gatewa")) {
      return GATEWAY_SESSIONS;
    }
    if (pool.startsWith("keeplive-relay") || pool.startsWith("kafka-producer")) {
      return RELAY;
    }
    if (pool.equals("pool-thread") || pool.startsWith("HttpClient")) {
      return DRIVER;
    }
    return OTHER;
  }
}
