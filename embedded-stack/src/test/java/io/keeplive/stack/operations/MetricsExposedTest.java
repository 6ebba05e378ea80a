package io.keeplive.stack.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.stack.EmbeddedStack;
import io.keeplive.stack.testing.Metrics;
import io.keeplive.stack.testing.SharedStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every series the Grafana dashboard and the alert rules read (deploy/metrics-in-use.txt) is really
 * published by the service that owns it, once traffic has flowed through the stack.
 */
class MetricsExposedTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  /** Series Prometheus adds itself on every scrape; no service publishes them. */
  private static final Set<String> ADDED_BY_PROMETHEUS = Set.of("up");

  /**
   * Tags every service adds to all of its meters ({@code management.metrics.tags.*}): one value per
   * service, so bounded.
   */
  private static final Set<String> COMMON_TAGS = Set.of("application");

  /**
   * Kafka's consumer creates its per-partition metrics on the first fetch and Micrometer's Kafka
   * binder picks new ones up on its refresh (every 60 s by default), so the consumer lag may appear
   * up to a minute after a gateway started.
   */
  private static final Duration PUBLICATION_WAIT = Duration.ofSeconds(90);

  private static final Pattern ARCHITECTURE_ROW =
      Pattern.compile("^\\|\\s*`([a-z0-9_]+)`\\s*\\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);
  private static final Pattern BACKTICKED = Pattern.compile("`([a-z0-9_]+)`");

  private static EmbeddedStack stack;

  @BeforeAll
  static void driveTrafficThroughTheStack() {
    stack = SharedStack.get();
    Traffic.drive(stack);
  }

  /** Which service must publish a series: by the owner prefix, standard ones by all three. */
  private static List<String> ownersOf(String series) {
    if (series.startsWith("keeplive_outbox_") || series.startsWith("keeplive_relay_")) {
      return List.of("notifier-relay");
    }
    if (series.startsWith("keeplive_resource_")) {
      return List.of("resource-service");
    }
    if (series.startsWith("keeplive_gateway_") || series.startsWith("kafka_consumer_")) {
      return List.of("live-gateway");
    }
    return List.of("resource-service", "notifier-relay", "live-gateway");
  }

  /** Public ports: the probes. */
  private static Map<String, URI> services() {
    Map<String, URI> services = new LinkedHashMap<>();
    services.put("resource-service", stack.resourceServiceUrl());
    services.put("notifier-relay", stack.relayUrl());
    services.put("live-gateway", stack.gatewayUrl());
    return services;
  }

  /** Management ports: Prometheus. */
  private static Map<String, URI> managementServers() {
    Map<String, URI> servers = new LinkedHashMap<>();
    servers.put("resource-service", stack.resourceServiceManagementUrl());
    servers.put("notifier-relay", stack.relayManagementUrl());
    servers.put("live-gateway", stack.gatewayManagementUrl());
    return servers;
  }

  private static Map<String, PrometheusExposition> scrapeAll() {
    Map<String, PrometheusExposition> scraped = new LinkedHashMap<>();
    managementServers()
        .forEach((name, url) -> scraped.put(name, PrometheusExposition.parse(Metrics.scrape(url))));
    return scraped;
  }

  private static List<String> inventory() throws IOException {
    return Files.readAllLines(REPOSITORY.resolve("deploy/metrics-in-use.txt")).stream()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  @Test
  void everySeriesReadByTheDashboardAndTheAlertsIsPublishedByItsService() throws IOException {
    List<String> expected =
        inventory().stream().filter(s -> !ADDED_BY_PROMETHEUS.contains(s)).toList();
    assertThat(expected).as("deploy/metrics-in-use.txt").isNotEmpty();

    await()
        .atMost(PUBLICATION_WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, PrometheusExposition> scraped = scrapeAll();
              Map<String, Set<String>> missing = new TreeMap<>();
              for (String series : expected) {
                for (String owner : ownersOf(series)) {
                  if (!scraped.get(owner).has(series)) {
                    missing.computeIfAbsent(owner, o -> new TreeSet<>()).add(series);
                  }
                }
              }
              assertThat(missing)
                  .as(
                      "series used by a dashboard panel or an alert rule but absent from"
                          + " /actuator/prometheus (service → series)")
                  .isEmpty();
            });
  }

  @Test
  void keepliveSeriesCarryOnlyTheTagsDocumentedInTheArchitecture() throws IOException {
    Map<String, Set<String>> documentedTags = documentedTags();
    Map<String, Set<String>> undocumented = new TreeMap<>();

    scrapeAll()
        .forEach(
            (service, exposition) ->
                exposition
                    .labelsBySeries()
                    .forEach(
                        (series, labels) -> {
                          if (!series.startsWith("keeplive_")) {
                            return;
                          }
                          Set<String> allowed = allowedTags(series, documentedTags);
                          for (String label : labels) {
                            if (!allowed.contains(label)) {
                              undocumented
                                  .computeIfAbsent(service + " " + series, s -> new TreeSet<>())
                                  .add(label);
                            }
                          }
                        }));

    assertThat(undocumented)
        .as("labels outside docs/architecture.md's metric table (unbounded cardinality risk)")
        .isEmpty();
  }

  @Test
  void everyServiceAnswersTheProbePathsTheChartAndComposeUse() {
    services()
        .forEach(
            (name, url) -> {
              for (String path :
                  List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                assertThat(Http.get(url.resolve(path)))
                    .as(name + " " + path)
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(200))
                    .satisfies(r -> assertThat(r.body()).contains("\"UP\""));
              }
            });
  }

  private static Set<String> allowedTags(String series, Map<String, Set<String>> documented) {
    Set<String> tags = new TreeSet<>(COMMON_TAGS);
    if (documented.containsKey(series)) {
      tags.addAll(documented.get(series));
      return tags;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
      String base =
          series.endsWith(suffix) ? series.substring(0, series.length() - suffix.length()) : null;
      if (base != null && documented.containsKey(base)) {
        tags.addAll(documented.get(base));
        if (suffix.equals("_bucket")) {
          tags.add("le");
        }
        return tags;
      }
    }
    return tags;
  }

  /** Metric → tag names, from the table "Metric names (Prometheus form)" of architecture.md. */
  private static Map<String, Set<String>> documentedTags() throws IOException {
    String architecture = Files.readString(REPOSITORY.resolve("docs/architecture.md"));
    String table = architecture.substring(architecture.indexOf("## Metric names"));
    Map<String, Set<String>> tags = new TreeMap<>();
    Matcher row = ARCHITECTURE_ROW.matcher(table);
    while (row.find()) {
      Set<String> names = new TreeSet<>();
      Matcher tag = BACKTICKED.matcher(row.group(2).replaceAll("\\([^)]*\\)", ""));
      while (tag.find()) {
        names.add(tag.group(1));
      }
      tags.put(row.group(1), names);
    }
    return tags;
  }
}
