package io.keeplive.stack.gateway;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per tenant, how long after its write a changed row reached a client: a pushed {@code insert} or
 * {@code update} carries the row, whose {@code updated_at} is the writing transaction's {@code
 * now()}; arrival minus that is the end-to-end latency the client sees (same machine, same clock).
 * The gateway's own e2e histogram has no tenant (its tags are bounded), so a benchmark that
 * compares tenants measures here. Histograms in 1 ms buckets up to {@value #MAX_MS} ms.
 */
final class ClientLatencies {

  static final int MAX_MS = 30_000;
  private static final byte[][] ROW_FRAMES = {
    "{\"type\":\"insert\"".getBytes(StandardCharsets.UTF_8),
    "{\"type\":\"update\"".getBytes(StandardCharsets.UTF_8)
  };
  private static final String UPDATED_AT = "\"updated_at\":\"";

  private final AtomicLongArray[] byTenant;

  ClientLatencies(int tenants) {
    byTenant = new AtomicLongArray[tenants];
    for (int t = 0; t < tenants; t++) {
      byTenant[t] = new AtomicLongArray(MAX_MS + 1);
    }
  }

  /** Notes the latency of {@code frame} if it is a row frame of tenant {@code tenant}. */
  void record(int tenant, ByteBuf frame) {
    if (!isRowFrame(frame)) {
      return;
    }
    Instant arrived = Instant.now();
    String text = frame.toString(StandardCharsets.UTF_8);
    int at = text.indexOf(UPDATED_AT);
    if (at < 0) {
      return;
    }
    int from = at + UPDATED_AT.length();
    try {
      Instant written =
          OffsetDateTime.parse(text.substring(from, text.indexOf('"', from))).toInstant();
      long ms = Math.max(0, Duration.between(written, arrived).toMillis());
      byTenant[tenant].incrementAndGet((int) Math.min(MAX_MS, ms));
    } catch (DateTimeParseException | IndexOutOfBoundsException notATimestamp) {
      // Not a row of the benchmark's resource: nothing to measure.
    }
  }

  private static boolean isRowFrame(ByteBuf frame) {
    for (byte[] prefix : ROW_FRAMES) {
      if (frame.readableBytes() >= prefix.length) {
        boolean match = true;
        for (int i = 0; i < prefix.length && match; i++) {
          match = frame.getByte(frame.readerIndex() + i) == prefix[i];
        }
        if (match) {
          return true;
        }
      }
    }
    return false;
  }

  void reset() {
    for (AtomicLongArray buckets : byTenant) {
      for (int i = 0; i < buckets.length(); i++) {
        buckets.set(i, 0);
      }
    }
  }

  /** One line: {@code latency <tenant>=<ms>:<count>,… …}, only non-empty buckets. */
  String report() {
    StringBuilder out = new StringBuilder("latency");
    for (int t = 0; t < byTenant.length; t++) {
      StringBuilder buckets = new StringBuilder();
      for (int ms = 0; ms <= MAX_MS; ms++) {
        long count = byTenant[t].get(ms);
        if (count > 0) {
          buckets.append(buckets.isEmpty() ? "" : ",").append(ms).append(':').append(count);
        }
      }
      if (!buckets.isEmpty()) {
        out.append(' ').append(t).append('=').append(buckets);
      }
    }
    return out.toString();
  }

  /** Adds the histograms of a {@link #report()} line to {@code into} (tenant → buckets). */
  static void parse(String line, Map<Integer, long[]> into) {
    String[] parts = line.split(" ");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      long[] buckets =
          into.computeIfAbsent(
              Integer.parseInt(parts[i].substring(0, eq)), t -> new long[MAX_MS + 1]);
      for (String bucket : parts[i].substring(eq + 1).split(",")) {
        int colon = bucket.indexOf(':');
        buckets[Integer.parseInt(bucket.substring(0, colon))] +=
            Long.parseLong(bucket.substring(colon + 1));
      }
    }
  }

  /** The histograms of {@code tenants} added together. */
  static long[] merge(Map<Integer, long[]> byTenant, List<Integer> tenants) {
    long[] merged = new long[MAX_MS + 1];
    for (int t : tenants) {
      long[] buckets = byTenant.getOrDefault(t, new long[0]);
      for (int i = 0; i < buckets.length; i++) {
        merged[i] += buckets[i];
      }
    }
    return merged;
  }

  static long count(long[] buckets) {
    long n = 0;
    for (long c : buckets) {
      n += c;
    }
    return n;
  }

  /** The {@code q} quantile in ms (the upper bound of its 1 ms bucket); NaN when empty. */
  static double quantile(long[] buckets, double q) {
    long total = count(buckets);
    if (total == 0) {
      return Double.NaN;
    }
    long seen = 0;
    for (int ms = 0; ms < buckets.length; ms++) {
      seen += buckets[ms];
      if (seen >= Math.ceil(q * total)) {
        return ms + 1;
      }
    }
    return MAX_MS;
  }

  /** Per tenant p99, for the report: {@code t0=12, t1=15, …}. */
  static String perTenantP99(Map<Integer, long[]> byTenant) {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(byTenant)
        .forEach(
            (t, buckets) ->
                parts.add(String.format(Locale.ROOT, "t%d=%.0f", t, quantile(buckets, 0.99))));
    return String.join(", ", parts);
  }
}
