package io.keeplive.gateway.refetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keeplive.contracts.notification.ActionType;
import io.keeplive.contracts.notification.ResourceChanged;
import io.keeplive.gateway.GatewayProperties;
import io.keeplive.gateway.metrics.GatewayListener;
import io.keeplive.gateway.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cohort sharing, batching and coalescing, against an in-memory live API whose answers the test
 * releases one by one (so "in flight" is a state the test controls, not a timing).
 */
class CohortRegistryTest {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final Scheduler scheduler = Schedulers.newSingle("test-timer");
  private final ControlledApi api = new ControlledApi();

  @AfterEach
  void stop() {
    scheduler.dispose();
  }

  /** One call to /api/live/query, answered when the test says so. */
  record Call(
      String resource,
      String query,
      List<String> actors,
      LiveApi.Relevance relevance,
      Sinks.One<List<LiveApi.ActorResult>> answer,
      long atNanos) {
    void answer(Map<String, Rows> rowsByActor) {
      answer.tryEmitValue(
          actors.stream()
              .map(a -> (LiveApi.ActorResult) new LiveApi.ActorResult.Fetched(rowsByActor.get(a)))
              .toList());
    }

    void fail() {
      answer.tryEmitError(new IllegalStateException("resource-service down"));
    }
  }

  static final class ControlledApi implements LiveApi {
    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public Mono<PlanOutcome> plan(String token, ObjectNode subscription) {
      return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<List<ActorResult>> query(String resource, ObjectNode query, List<String> actors) {
      return query(resource, query, actors, null);
    }

    @Override
    public Mono<List<ActorResult>> query(
        String resource, ObjectNode query, List<String> actors, Relevance relevance) {
      Sinks.One<List<ActorResult>> answer = Sinks.one();
      calls.add(
          new Call(
              resource,
              query.toString(),
              List.copyOf(actors),
              relevance,
              answer,
              System.nanoTime()));
      return answer.asMono();
    }

    Call awaitCall(int index) {
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() > index);
      return calls.get(index);
    }
  }

  static final class Member implements Subscriber {
    final String token;
    final List<Rows> delivered = new CopyOnWriteArrayList<>();
    final List<Long> ats = new CopyOnWriteArrayList<>();
    final List<ErrorCode> refusals = new CopyOnWriteArrayList<>();
    // The cohort's shared changes handed with each delivery (null: none).
    final List<Optional<RowChanges>> changes = new CopyOnWriteArrayList<>();

    Member(String token) {
      this.token = token;
    }

    volatile boolean tokenBroken;

    @Override
    public String token() {
      if (tokenBroken) {
        throw new IllegalStateException("a defect behind the token");
      }
      return token;
    }

    @Override
    public Instant tokenExpiresAt() {
      return Instant.now().plusSeconds(3600);
    }

    volatile boolean broken;

    @Override
    public void deliver(Rows rows, Instant cause, long at) {
      if (broken) {
        throw new IllegalStateException("a defect in one subscriber");
      }
      ats.add(at);
      delivered.add(rows);
    }

    @Override
    public void deliver(Rows rows, RowChanges shared, Instant cause, long at) {
      changes.add(Optional.ofNullable(shared));
      deliver(rows, cause, at);
    }

    @Override
    public void refused(ErrorCode code, String detail) {
      refusals.add(code);
    }

    Rows last() {
      return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1);
    }
  }

  private CohortRegistry registry(GatewayProperties.Strategy strategy, Duration window) {
    return new CohortRegistry(
        api,
        new GatewayProperties.Refetch(
            strategy,
            window,
            100,
            Duration.ofSeconds(5),
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            GatewayProperties.defaults().refetch().budget()),
        GatewayListener.NONE,
        scheduler,
        false);
  }

  /** Joins {@code member} and answers its cohort's first fetch (call {@code call}) with rows. */
  private void joinAnswered(
      CohortRegistry registry, String tenant, Plan plan, Member member, int call, String json) {
    registry.join(tenant, plan, member);
    api.awaitCall(call).answer(Map.of(member.token, rows(json)));
  }

  static Plan plan(String cohort, String... topics) {
    ObjectNode query = JSON.createObjectNode();
    query.putObject("filter").put("status", "open");
    return new Plan("tickets", Plan.Kind.LIST, List.of(topics), cohort, query);
  }

  static ResourceChanged change(String tenant, String... topics) {
    return changeOf(tenant, "tickets", "t1", topics);
  }

  private static ResourceChanged changeOf(
      String tenant, String resource, String rowId, String... topics) {
    return new ResourceChanged(
        UUID.randomUUID(),
        tenant,
        resource,
        "update",
        ActionType.UPDATE,
        rowId,
        List.of(topics),
        "someone",
        List.of("status"),
        Instant.now(),
        null,
        ResourceChanged.NO_POSITION);
  }

  static Rows rows(String json) {
    return Rows.of(JSON.readTree(json));
  }

  /**
   * {@code first} joins the admins' cohort and gets {@code json}, then {@code second} joins it; a
   * change follows and its refetch is answered with {@code next}. Returns that refetch call.
   */
  private Call joinOneThenAnotherAndRefetch(Member first, Member second, String json, String next) {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    registry.join("acme", plan("admins", "tickets"), first);
    api.awaitCall(0).answer(Map.of(first.token, rows(json)));
    registry.join("acme", plan("admins", "tickets"), second);
    registry.onNotification(change("acme", "tickets"));
    Call refetch = api.awaitCall(1);
    refetch.answer(Map.of(refetch.actors().get(0), rows(next)));
    return refetch;
  }

  @Test
  void subscriptionsOfOneCohortShareOneRefetch() {
    Member a = new Member("admin-1");
    Member b = new Member("admin-2");
    Call refetch =
        joinOneThenAnotherAndRefetch(a, b, "[{\"id\":\"1\"}]", "[{\"id\":\"1\"},{\"id\":\"2\"}]");
    assertThat(refetch.actors()).hasSize(1);

    await().untilAsserted(() -> assertThat(a.last().size()).isEqualTo(2));
    await().untilAsserted(() -> assertThat(b.last().size()).isEqualTo(2));
    assertThat(api.calls).hasSize(2);
  }

  @Test
  void everyMemberIsHandedTheCohortsChangesOnceComputedFromTheVeryResultItWasLastGiven() {
    Member first = new Member("admin-1");
    Member late = new Member("admin-2");
    joinOneThenAnotherAndRefetch(
        first, late, "[{\"id\":\"1\",\"v\":1}]", "[{\"id\":\"1\",\"v\":2},{\"id\":\"2\"}]");
    await().untilAsserted(() -> assertThat(late.delivered).hasSize(2));
    await().untilAsserted(() -> assertThat(first.delivered).hasSize(2));

    for (Member member : List.of(first, late)) {
      assertThat(member.changes.get(0)).as("a first result has no changes").isEmpty();
      RowChanges shared = member.changes.get(1).orElseThrow();
      assertThat(shared.startFrom(member.delivered.get(0))).isTrue();
      assertThat(shared.list())
          .extracting(RowChanges.Change::type)
          .containsExactly("update", "insert");
    }
    assertThat(first.changes.get(1).get())
        .as("one diff per cohort")
        .isSameAs(late.changes.get(1).get());
    assertThat(first.changes.get(1).get().list()).isSameAs(late.changes.get(1).get().list());
  }

  @Test
  void afterAGapEveryCohortOfEveryTenantIsReadInFullAndOnlyChangedResultsArePushed() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member alice = new Member("alice");
    Member bob = new Member("bob");
    registry.join("acme", ordered("agent:alice", 2), alice);
    api.awaitCall(0).answer().tryEmitValue(List.of(fetched(row("a", "2026-01-01T00:00:01Z"))));
    joinAnswered(registry, "globex", plan("admins", "tickets"), bob, 1, "[{\"id\":\"1\"}]");

    assertThat(registry.refetchAll()).isEqualTo(2);

    Call first = api.awaitCall(2);
    Call second = api.awaitCall(3);
    assertThat(List.of(first.relevance() == null, second.relevance() == null))
        .as("read in full, not merged")
        .containsOnly(true);
    for (Call call : List.of(first, second)) {
      if (call.actors().equals(List.of("alice"))) {
        call.answer().tryEmitValue(List.of(fetched(row("b", "2026-01-01T00:00:02Z"))));
      } else {
        call.answer(Map.of("bob", rows("[{\"id\":\"1\"}]")));
      }
    }
    await().untilAsserted(() -> assertThat(alice.delivered).hasSize(2));
    assertThat(alice.last().rows()).extracting(Rows.Row::id).containsExactly("b");
    assertThat(bob.delivered).as("bob's result did not change").hasSize(1);
    assertThat(api.calls).hasSize(4);
  }

  @Test
  void aSubscriberThatThrowsNeitherStopsTheOtherCohortsOfItsCallNorCausesRetries() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member alice = new Member("alice");
    Member bob = new Member("bob");
    joinAnswered(registry, "acme", plan("agent:alice", "tickets"), alice, 0, "[{\"id\":\"1\"}]");
    joinAnswered(registry, "acme", plan("agent:bob", "tickets"), bob, 1, "[{\"id\":\"1\"}]");

    registry.onNotification(change("acme", "tickets"));
    Call call = api.awaitCall(2);
    assertThat(call.actors()).containsExactlyInAnyOrder("alice", "bob");
    // The cohort whose result is applied first is the broken one.
    Member broken = call.actors().get(0).equals("alice") ? alice : bob;
    Member healthy = broken == alice ? bob : alice;
    broken.broken = true;
    call.answer(Map.of("alice", rows("[{\"id\":\"2\"}]"), "bob", rows("[{\"id\":\"2\"}]")));

    await().untilAsserted(() -> assertThat(healthy.delivered).hasSize(2));
    assertThat(healthy.last().rows()).extracting(Rows.Row::id).containsExactly("2");
    assertThat(api.calls).as("the result was applied; nothing to read again").hasSize(3);
  }

  @Test
  void aRefetchThatFailsBeforeItsCallIsRetriedAndTheGroupKeepsWorking() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member admin = new Member("admin-1");
    joinAnswered(registry, "acme", plan("admins", "tickets"), admin, 0, "[{\"id\":\"1\"}]");
    admin.tokenBroken = true;

    registry.onNotification(change("acme", "tickets"));
    admin.tokenBroken = false;

    api.awaitCall(1).answer(Map.of("admin-1", rows("[{\"id\":\"2\"}]")));
    await().untilAsserted(() -> assertThat(admin.delivered).hasSize(2));
    assertThat(admin.last().rows()).extracting(Rows.Row::id).containsExactly("2");
  }

  @Test
  void aSubscriberThatThrowsDoesNotKeepTheOtherMembersOfItsCohortFromTheResult() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member first = new Member("admin-1");
    Member second = new Member("admin-2");
    joinAnswered(registry, "acme", plan("admins", "tickets"), first, 0, "[{\"id\":\"1\"}]");
    registry.join("acme", plan("admins", "tickets"), second);
    first.broken = true;

    registry.onNotification(change("acme", "tickets"));
    Call call = api.awaitCall(1);
    call.answer(Map.of(call.actors().get(0), rows("[{\"id\":\"2\"}]")));

    await().untilAsserted(() -> assertThat(second.delivered).hasSize(2));
    assertThat(second.last().rows()).extracting(Rows.Row::id).containsExactly("2");
    assertThat(api.calls).hasSize(2);
  }

  private static Plan ordered(String cohort, int limit) {
    ObjectNode query = JSON.createObjectNode();
    query.putArray("sort").add("-updated_at");
    query.put("limit", limit);
    return new Plan(
        "tickets",
        Plan.Kind.LIST,
        List.of("tickets"),
        cohort,
        query,
        List.of(
            new RowOrder.Key("updated_at", "timestamp", true),
            new RowOrder.Key("id", "uuid", false)));
  }

  private static Rows.Row row(String id, String updatedAt) {
    return new Rows.Row(id, "{\"id\":\"" + id + "\",\"updated_at\":\"" + updatedAt + "\"}");
  }

  private static LiveApi.ActorResult fetched(Rows.Row... rows) {
    return new LiveApi.ActorResult.Fetched(Rows.of(List.of(rows)));
  }

  @Test
  void changedRowsAreMergedIntoEachCohortsResultWithoutReadingTheList() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member alice = new Member("alice");
    Member bob = new Member("bob");
    Rows.Row a = row("a", "2026-01-01T00:00:01Z");
    Rows.Row b = row("b", "2026-01-01T00:00:02Z");
    registry.join("acme", ordered("agent:alice", 2), alice);
    api.awaitCall(0).answer().tryEmitValue(List.of(fetched(b, a)));
    registry.join("acme", ordered("agent:bob", 2), bob);
    api.awaitCall(1).answer().tryEmitValue(List.of(fetched(a)));

    registry.onNotification(changeOf("acme", "tickets", "c", "tickets"));
    Call call = api.awaitCall(2);

    assertThat(call.relevance()).isNotNull();
    assertThat(call.relevance().changedIds()).containsExactly("c");
    assertThat(call.relevance().recheck()).containsOnly(false);
    Rows.Row c = row("c", "2026-01-01T00:00:03Z");
    List<LiveApi.ActorResult> answer = new java.util.ArrayList<>();
    for (String actor : call.actors()) {
      answer.add(new LiveApi.ActorResult.Changed(actor.equals("alice") ? List.of(c) : List.of()));
    }
    call.answer().tryEmitValue(answer);

    await()
        .untilAsserted(
            () -> assertThat(alice.last().json()).isEqualTo(Rows.of(List.of(c, b)).json()));
    assertThat(bob.delivered).as("nothing bob may see changed").hasSize(1);
    assertThat(api.calls).as("no list was read").hasSize(3);
  }

  @Test
  void aRowLeavingAFullResultMakesTheCohortReadItsListAgain() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member alice = new Member("alice");
    Rows.Row a = row("a", "2026-01-01T00:00:01Z");
    Rows.Row b = row("b", "2026-01-01T00:00:02Z");
    registry.join("acme", ordered("agent:alice", 2), alice);
    api.awaitCall(0).answer().tryEmitValue(List.of(fetched(b, a)));

    registry.onNotification(changeOf("acme", "tickets", "b", "tickets"));
    api.awaitCall(1).answer().tryEmitValue(List.of(new LiveApi.ActorResult.Changed(List.of())));

    Call reread = api.awaitCall(2);
    assertThat(reread.relevance()).as("read in full").isNull();
    Rows.Row z = row("z", "2026-01-01T00:00:00Z");
    reread.answer().tryEmitValue(List.of(fetched(a, z)));
    await()
        .untilAsserted(
            () -> assertThat(alice.last().json()).isEqualTo(Rows.of(List.of(a, z)).json()));
  }

  @Test
  void aChangeOfAnotherResourceOrAnUnknownRowReadsEveryCohortInFull() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member alice = new Member("alice");
    joinAnswered(registry, "acme", plan("agent:alice", "tickets"), alice, 0, "[{\"id\":\"r1\"}]");

    registry.onNotification(changeOf("acme", "conversations", "c1", "tickets"));

    assertThat(api.awaitCall(1).relevance()).as("no hint: read in full").isNull();
  }

  @Test
  void cohortsOfOneQueryAreRefetchedInOneBatchedCall() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member alice = new Member("alice");
    Member bob = new Member("bob");
    registry.join("acme", plan("agent:alice", "tickets"), alice);
    api.awaitCall(0).answer(Map.of("alice", Rows.EMPTY));
    registry.join("acme", plan("agent:bob", "tickets"), bob);
    api.awaitCall(1).answer(Map.of("bob", Rows.EMPTY));

    registry.onNotification(change("acme", "tickets"));
    Call batched = api.awaitCall(2);
    assertThat(batched.actors()).containsExactlyInAnyOrder("alice", "bob");
    batched.answer(Map.of("alice", rows("[{\"id\":\"a\"}]"), "bob", rows("[{\"id\":\"b\"}]")));

    await().untilAsserted(() -> assertThat(alice.last().json()).contains("\"a\""));
    await().untilAsserted(() -> assertThat(bob.last().json()).contains("\"b\""));
  }

  @Test
  void aBurstOfNotificationsCausesOneLeadingAndOneTrailingRefetch() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    api.awaitCall(0).answer(Map.of("admin", Rows.EMPTY));

    registry.onNotification(change("acme", "tickets"));
    Call leading = api.awaitCall(1);
    for (int i = 0; i < 50; i++) {
      registry.onNotification(change("acme", "tickets"));
    }
    assertThat(api.calls).hasSize(2);
    leading.answer(Map.of("admin", rows("[{\"id\":\"1\"}]")));
    api.awaitCall(2).answer(Map.of("admin", rows("[{\"id\":\"1\"},{\"id\":\"2\"}]")));

    await().untilAsserted(() -> assertThat(member.last().size()).isEqualTo(2));
    assertThat(api.calls).hasSize(3);
  }

  @Test
  void aChangeNotifiedWhileTheFirstFetchIsInFlightCausesAnotherFetch() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    Call initial = api.awaitCall(0);
    // The change commits after the initial fetch read its snapshot, and is notified now.
    registry.onNotification(change("acme", "tickets"));
    initial.answer(Map.of("admin", Rows.EMPTY));

    api.awaitCall(1).answer(Map.of("admin", rows("[{\"id\":\"new\"}]")));
    await().untilAsserted(() -> assertThat(member.last().json()).contains("new"));
  }

  @Test
  void notificationsOfAnotherTenantOrTopicMatchNothing() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    registry.join("acme", plan("admins", "tickets"), new Member("admin"));
    api.awaitCall(0).answer(Map.of("admin", Rows.EMPTY));

    assertThat(registry.onNotification(change("globex", "tickets"))).isZero();
    assertThat(registry.onNotification(change("acme", "ticket:42"))).isZero();
    assertThat(registry.onNotification(change("acme", "ticket:42", "tickets"))).isEqualTo(1);
  }

  @Test
  void aFailedRefetchIsRetriedUntilItSucceeds() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    Member member = new Member("admin");
    registry.join("acme", plan("admins", "tickets"), member);
    api.awaitCall(0).fail();
    api.awaitCall(1).fail();
    api.awaitCall(2).answer(Map.of("admin", rows("[{\"id\":\"1\"}]")));
    await().untilAsserted(() -> assertThat(member.last()).isNotNull());
  }

  @Test
  void aLeftCohortIsNoLongerRefetched() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.COHORT, Duration.ZERO);
    var membership = registry.join("acme", plan("admins", "tickets"), new Member("admin"));
    api.awaitCall(0).answer(Map.of("admin", Rows.EMPTY));
    membership.leave();
    assertThat(registry.onNotification(change("acme", "tickets"))).isZero();
    assertThat(registry.cohortCount()).isZero();
    assertThat(registry.groupCount()).isZero();
  }

  @Test
  void theNaiveStrategyRefetchesEverySubscriptionForEveryNotification() {
    CohortRegistry registry = registry(GatewayProperties.Strategy.NAIVE, Duration.ZERO);
    Member a = new Member("a");
    Member b = new Member("b");
    registry.join("acme", plan("admins", "tickets"), a);
    registry.join("acme", plan("admins", "tickets"), b);
    api.awaitCall(0).answer(Map.of(api.calls.get(0).actors().get(0), Rows.EMPTY));
    api.awaitCall(1).answer(Map.of(api.calls.get(1).actors().get(0), Rows.EMPTY));
    registry.onNotification(change("acme", "tickets"));
    registry.onNotification(change("acme", "tickets"));
    // Two subscriptions × two notifications, one at a time per subscription.
    for (int i = 2; i < 6; i++) {
      Call call = api.awaitCall(i);
      call.answer(Map.of(call.actors().get(0), Rows.EMPTY));
    }
    assertThat(api.calls).hasSize(6);
  }
}
