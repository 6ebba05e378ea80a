package io.keeplive.gateway.refetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.position.Watermark;
import io.keeplive.gateway.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SPEC §4.1 as a property of the real registry (cohorts, coalescing, batches, watermark) over
 * random interleavings of writes, notifications (with duplicates and gaps), subscriptions joining
 * and leaving, and refetches answered (or failed) in any order. The database is a model: a list of
 * states, one per committed write, and the live API answers each call from the state at the moment
 * the call was made. After every step:
 *
 * <ul>
 *   <li>every delivered view, with its {@code at}, equals the query over some state that contains
 *       every write with position ≤ {@code at} ("a write ≤ at is reflected");
 *   <li>every subscription's current view reflects every write up to the tenant's watermark (what
 *       {@code synced} promises).
 * </ul>
 *
 * In the end, with everything delivered and answered, the watermark is the last position and every
 * view equals the query over the final state.
 */
class PositionsPropertyTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String TENANT = "acme";
  private static final int ROWS = 5;

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

  @AfterEach
  void stop() {
    time.dispose();
  }

  /**
   * {@code slots}: the refetch budget (per tenant and in all); 0 switches it off. With one slot the
   * tenant's groups wait for each other, so refetches deferred by the budget are in every trial.
   */
  @ParameterizedTest
  @CsvSource({"0, 0", "25, 0", "0, 1", "25, 1"})
  void everyWriteUpToAtIsReflectedAndEveryWriteUpToTheWatermarkIsInEveryView(
      int windowMillis, int slots) {
    for (int trial = 0; trial < 300; trial++) {
      new Trial(new SplittableRandom(trial * 31L + windowMillis), windowMillis, slots).run();
    }
  }

  /** One random run against a fresh registry. */
  private final class Trial {
    final SplittableRandom random;
    final Duration window;
    final Db db = new Db();
    final ModelApi api = new ModelApi(db);
    final CohortRegistry registry;
    final List<ResourceChanged> published = new ArrayList<>();
    int consumedUpTo;
    final List<Member> members = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Trial(SplittableRandom random, int windowMillis, int slots) {
      this.random = random;
      this.window = Duration.ofMillis(windowMillis);
      this.registry =
          new CohortRegistry(
              api,
              new GatewayProperties.Refetch(
                  GatewayProperties.Strategy.COHORT,
                  window,
                  2,
                  Duration.ofHours(1),
                  Duration.ofMillis(10),
                  Duration.ofMillis(40),
                  new GatewayProperties.Budget(
                      slots > 0, Math.max(1, slots), Math.max(1, slots), Integer.MAX_VALUE)),
              GatewayListener.NONE,
              time,
              false);
    }

    void run() {
      for (int step = 0; step < 120; step++) {
        step();
        time.advanceTimeBy(window.plusMillis(random.nextInt(2) * 50L));
        check();
      }
      // Retries of failed calls are due within a second.
      time.advanceTimeBy(Duration.ofSeconds(1));
      while (consumedUpTo < published.size() || !api.open.isEmpty()) {
        if (consumedUpTo < published.size()) {
          consume();
        } else {
          api.open.remove(0).answer(db);
        }
        time.advanceTimeBy(Duration.ofSeconds(1));
        check();
      }
      Watermark watermark = registry.watermarks().of(TENANT);
      assertThat(watermark.value()).as(story()).isEqualTo(watermark.consumed());
      for (Member member : members) {
        if (member.active) {
          assertThat(member.view).as(story()).isEqualTo(member.plan.rows(db, db.now()));
        }
      }
    }

    void step() {
      int dice = random.nextInt(100);
      if (dice < 25) {
        write();
      } else if (dice < 47) {
        consume();
      } else if (dice < 50 && consumedUpTo > 0) {
        ResourceChanged again = published.get(random.nextInt(consumedUpTo));
        log.add("duplicate " + again.position());
        registry.onNotification(again);
      } else if (dice < 75 && !api.open.isEmpty()) {
        ModelApi.Call call = api.open.remove(random.nextInt(api.open.size()));
        if (random.nextInt(12) == 0) {
          log.add("fail call from state " + call.state);
          call.sink.tryEmitError(new IllegalStateException("resource-service down"));
        } else {
          log.add("answer call from state " + call.state);
          call.answer(db);
        }
      } else if (dice < 88) {
        join();
      } else if (dice < 93) {
        leave();
      } else if (dice < 94 && consumedUpTo < published.size()) {
        log.add("gap: lost " + (published.size() - consumedUpTo));
        consumedUpTo = published.size();
        registry.refetchAll();
      }
    }

    void write() {
      String id = "r" + random.nextInt(ROWS);
      long position = db.lastPosition + 1 + random.nextInt(3);
      db.commit(id, position);
      published.add(
          new ResourceChanged(
              UUID.randomUUID(),
              TENANT,
              "tickets",
              "update",
              ActionType.UPDATE,
              id,
              List.of("tickets", "ticket:" + id),
              "someone",
              List.of("status"),
              Instant.now(),
              null,
              position));
      log.add("write " + id + " at " + position);
    }

    void consume() {
      if (consumedUpTo < published.size()) {
        ResourceChanged event = published.get(consumedUpTo++);
        log.add("consume " + event.position());
        registry.onNotification(event);
      }
    }

    void join() {
      ModelPlan plan =
          switch (random.nextInt(3)) {
            case 0 -> ModelPlan.list("everyone");
            case 1 -> ModelPlan.list("others");
            default -> ModelPlan.record("r" + random.nextInt(ROWS));
          };
      Member member = new Member("m" + members.size(), plan);
      members.add(member);
      log.add("join " + member.token + " " + plan);
      member.membership = registry.join(TENANT, plan.plan(), member);
    }

    void leave() {
      List<Member> active = members.stream().filter(m -> m.active).toList();
      if (!active.isEmpty()) {
        Member member = active.get(random.nextInt(active.size()));
        member.active = false;
        log.add("leave " + member.token);
        member.membership.leave();
      }
    }

    void check() {
      long watermark = registry.watermarks().of(TENANT).value();
      for (Member member : members) {
        if (!member.active || member.view == null) {
          continue;
        }
        assertThat(db.reflects(member.plan, member.view, member.at))
            .as("%s's view %s claims at %s\n%s", member.token, member.view, member.at, story())
            .isTrue();
        assertThat(db.reflects(member.plan, member.view, watermark))
            .as(
                "%s's view %s misses a write up to the watermark %s\n%s",
                member.token, member.view, watermark, story())
            .isTrue();
      }
    }

    String story() {
      return String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size()));
    }
  }

  /** Committed states: {@code states.get(k)} holds the rows after the first k writes. */
  private static final class Db {
    final List<Map<String, Integer>> states = new ArrayList<>();
    final List<Long> positions = new ArrayList<>();
    long lastPosition = 100;

    Db() {
      Map<String, Integer> first = new TreeMap<>();
      for (int i = 0; i < ROWS; i++) {
        first.put("r" + i, 0);
      }
      states.add(first);
    }

    int now() {
      return states.size() - 1;
    }

    void commit(String id, long position) {
      Map<String, Integer> next = new TreeMap<>(states.get(now()));
      next.merge(id, 1, Integer::sum);
      states.add(next);
      positions.add(position);
      lastPosition = position;
    }

    /** Whether {@code view} is the query over a state that holds every write up to {@code at}. */
    boolean reflects(ModelPlan plan, JsonNode view, long at) {
      int writes = 0;
      while (writes < positions.size() && positions.get(writes) <= at) {
        writes++;
      }
      for (int state = writes; state <= now(); state++) {
        if (plan.rows(this, state).equals(view)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A subscription: a list of the rows with an even version ("open"), or one record. */
  private record ModelPlan(String cohort, String key) {
    static ModelPlan list(String cohort) {
      return new ModelPlan(cohort, null);
    }

    static ModelPlan record(String key) {
      return new ModelPlan("record", key);
    }

    Plan plan() {
      ObjectNode query = JSON.createObjectNode();
      if (key != null) {
        query.put("key", key);
        return new Plan("tickets", Plan.Kind.RECORD, List.of("ticket:" + key), cohort, query);
      }
      query.putObject("filter").put("status", "open");
      return new Plan("tickets", Plan.Kind.LIST, List.of("tickets"), cohort, query);
    }

    JsonNode rows(Db db, int state) {
      ArrayNode rows = JSON.createArrayNode();
      db.states
          .get(state)
          .forEach(
              (id, version) -> {
                if (key != null ? key.equals(id) : version % 2 == 0) {
                  rows.addObject().put("id", id).put("version", version);
                }
              });
      return rows;
    }
  }

  /** The live API over the model: each call reads the state it was made in, answered later. */
  private static final class ModelApi implements LiveApi {
    final Db db;
    final List<Call> open = new ArrayList<>();

    ModelApi(Db db) {
      this.db = db;
    }

    record Call(ObjectNode query, int state, Sinks.One<List<ActorResult>> sink, int actors) {
      void answer(Db db) {
        ModelPlan plan =
            query.has("key")
                ? ModelPlan.record(query.get("key").asString())
                : ModelPlan.list("any");
        Rows rows = Rows.of(plan.rows(db, state));
        List<ActorResult> results = new ArrayList<>();
        for (int i = 0; i < actors; i++) {
          results.add(new ActorResult.Fetched(rows));
        }
        sink.tryEmitValue(results);
      }
    }

    @Override
    public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
      Sinks.One<List<ActorResult>> sink = Sinks.one();
      open.add(new Call(query, db.now(), sink, actors.size()));
      return sink.asMono();
    }
  }

  private static final class Member implements Subscriber {
    final String token;
    final ModelPlan plan;
    CohortRegistry.Membership membership;
    boolean active = true;
    JsonNode view;
    long at = -1;

    Member(String token, ModelPlan plan) {
      this.token = token;
      this.plan = plan;
    }

    @Override
    public String token() {
      return token;
    }

    @Override
    public Instant tokenExpiresAt() {
      return Instant.now().plusSeconds(3600);
    }

    @Override
    public void deliver(Rows rows, Instant cause, long at) {
      view = JSON.readTree(rows.json());
      this.at = at;
    }

    @Override
    public void refused(ErrorCode code, String detail) {
      throw new AssertionError("refused " + code + " " + detail);
    }
  }
}
