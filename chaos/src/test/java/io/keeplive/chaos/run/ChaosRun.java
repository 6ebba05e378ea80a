package io.keeplive.chaos.run;

import io.keeplive.chaos.check.Convergence;
import io.keeplive.chaos.check.HistoryChecks;
import io.keeplive.chaos.check.KafkaChecks;
import io.keeplive.chaos.check.LiveChecks;
import io.keeplive.chaos.check.Violations;
import io.keeplive.chaos.cluster.LocalCluster;
import io.keeplive.chaos.faults.Fault;
import io.keeplive.chaos.faults.FaultInjector;
import io.keeplive.chaos.faults.FaultSchedule;
import io.keeplive.chaos.live.Session;
import io.keeplive.chaos.workload.Actors;
import io.keeplive.chaos.workload.Rest;
import io.keeplive.chaos.workload.TenantWriter;
import io.keeplive.chaos.workload.WriteLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chaos run against a running cluster: set up tenants, connect every user's session, write and
 * inject the seed's faults for the run's duration, stop writing, wait for every process to be ready
 * again, then check.
 */
public final class ChaosRun {

  /** Views must equal a fresh REST query this long after the last fault healed. */
  public static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

  /** A run's parameters; {@code clientResubscribesAfter1001} false only to test the checker. */
  public record Settings(
      long seed, long durationSeconds, int tenants, boolean clientResubscribesAfter1001) {}

  private final LocalCluster cluster;
  private final Settings settings;
  private final Violations violations = new Violations();
  private final WriteLog writes = new WriteLog();

  public ChaosRun(LocalCluster cluster, Settings settings) {
    this.cluster = cluster;
    this.settings = settings;
  }

  public RunResult run() throws Exception {
    String runId = Long.toString(Math.abs(settings.seed()) % 1_000_000, 36);
    Actors actors = new Actors(cluster.settings().jwtSecret(), settings.tenants(), runId);
    Rest rest = new Rest(cluster.restUrl(), actors);
    Random random = new Random(settings.seed());
    List<TenantWriter> writers = new ArrayList<>();
    Map<String, String> conversations = new HashMap<>();
    for (Actors.Tenant tenant : actors.tenants()) {
      TenantWriter writer = new TenantWriter(tenant, rest, writes, random.nextLong());
      writer.setUp(5);
      writers.add(writer);
      conversations.put(tenant.id(), writer.conversation());
    }
    LiveChecks live = new LiveChecks(violations, conversations);
    List<Session> sessions = connect(actors, writers, live, random);
    List<FaultInjector.Applied> faults = writeUnderFaults(writers);
    long healed = awaitEverythingReady();
    log.info("every process ready again; checking convergence");
    Convergence.Result convergence =
        Convergence.await(sessions, rest, healed, CONVERGENCE_BOUND, violations);
    sessions.forEach(Session::close);
    long duplicates = checkHistory(actors, writers, rest, live, "chaos-" + runId + "-");
    return new RunResult(
        settings.seed(),
        settings.durationSeconds(),
        faults,
        writes.acknowledged(),
        writes.all().size(),
        convergence,
        live.reconnects(),
        live.closeCodes(),
        live.silentConnections(),
        live.errorCodes(),
        duplicates,
        live.messages(),
        kafkaRecords,
        violations);
  }

  private List<Session> connect(
      Actors actors, List<TenantWriter> writers, LiveChecks live, Random random) {
    List<Session> sessions = new ArrayList<>();
    for (int t = 0; t < writers.size(); t++) {
      TenantWriter writer = writers.get(t);
      for (Actors.User user : actors.tenants().get(t).users()) {
        Session session =
            new Session(
                user,
                actors.token(user),
                cluster.gatewayUrl(),
                Subscriptions.of(writer.conversation(), writer.initialTickets(), random),
                live,
                settings.clientResubscribesAfter1001());
        session.open();
        sessions.add(session);
      }
    }
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  sessions.stream()
                      .allMatch(s -> s.specs().stream().allMatch(spec -> s.hasView(spec.name()))));
    } catch (ConditionTimeoutException e) {
      // Not the harness's verdict to give: a view that never gets its first result fails the
      // convergence check at the end, with its name.
      log.warn("not every view had its first result 90 s after connecting; the run goes on");
    }
    return sessions;
  }

  private List<FaultInjector.Applied> writeUnderFaults(List<TenantWriter> writers)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (TenantWriter writer : writers) {
      Thread thread = new Thread(() -> writer.run(stop), "writer");
      thread.start();
      threads.add(thread);
    }
    List<Fault> schedule = FaultSchedule.draw(settings.seed(), settings.durationSeconds() * 1000);
    log.info("seed {}: {} faults {}", settings.seed(), schedule.size(), schedule);
    long start = System.nanoTime();
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(settings.durationSeconds() * 1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stop.set(true);
            },
            "workload-clock");
    stopper.start();
    List<FaultInjector.Applied> applied = new FaultInjector(cluster).run(schedule, start);
    stopper.join();
    for (Thread thread : threads) {
      thread.join();
    }
    return applied;
  }

  private long awaitEverythingReady() {
    for (String name : cluster.processNames()) {
      cluster.awaitRunning(name);
    }
    return System.nanoTime();
  }

  private long kafkaRecords;

  private long checkHistory(
      Actors actors, List<TenantWriter> writers, Rest rest, LiveChecks live, String prefix)
      throws Exception {
    List<WriteLog.Write> all = writes.all();
    for (int t = 0; t < writers.size(); t++) {
      Actors.Tenant tenant = actors.tenants().get(t);
      HistoryChecks.lostWrites(
          tenant, writers.get(t).conversation(), writes.of(tenant.id()), rest, violations);
    }
    HistoryChecks.phantoms(live.seenTickets(), all, violations);
    HistoryChecks.toggledMemberSawOnlyWhatItMay(live.seenByToggledMember(), all, violations);
    List<KafkaChecks.Committed> committed = KafkaChecks.committed(cluster.jdbcUrl(), prefix);
    HistoryChecks.outboxRows(all, committed, violations);
    Set<String> ids = new HashSet<>();
    committed.forEach(row -> ids.add(row.id()));
    KafkaChecks.Topic topic =
        KafkaChecks.read(
            cluster.kafkaBootstrap(), "keeplive.notifications", ids, Duration.ofSeconds(60));
    kafkaRecords = topic.records();
    return KafkaChecks.check(committed, topic, violations);
  }
}
