package io.keeplive.resource.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.RunningService;
import io.keeplive.resource.declaration.Attribute;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.declaration.Resources;
import io.keeplive.resource.read.ListQuery;
import io.keeplive.resource.read.Reads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every declared resource, over random rows and random actors: the rows Postgres returns under
 * the SQL rendering of the read policy are exactly the rows the in-memory evaluation of the same
 * policy accepts, and the one-statement batch read gives every actor exactly its single-actor
 * answer.
 */
class ReadPolicyPropertyTest {

  private static final List<String> USERS = List.of("u1", "u2", "u3");
  // The last three are hostile names: each must stay one role, never become admin or agent.
  private static final List<String> ROLES =
      List.of("admin", "agent", "viewer", "guest", "admin,agent", "{admin}", "a\"dmin\\");
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /** A tenant chosen by index; the property maps indexes to fresh tenant ids per try. */
  record TenantSlot(int index) {}

  /** A reference chosen by index into the parent's generated rows. */
  record Ref(int index) {}

  record ActorSeed(String user, int tenant, List<String> roles) {}

  record Scenario(List<List<Map<String, Object>>> rows, List<ActorSeed> actors) {}

  private static Resources resources() {
    return RunningService.shared().context().getBean(Resources.class);
  }

  @Property(tries = 40)
  void sqlReadFilterAgreesWithTheInMemoryPredicateForEveryResource(
      @ForAll("scenarios") Scenario scenario) throws SQLException {
    List<ResourceDeclaration> declarations = new ArrayList<>(resources().all());
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> tenants = List.of("prop-" + run + "-a", "prop-" + run + "-b");
    Map<String, List<Map<String, Object>>> stored = new LinkedHashMap<>();
    for (int r = 0; r < declarations.size(); r++) {
      ResourceDeclaration resource = declarations.get(r);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Map<String, Object> seed : scenario.rows().get(r)) {
        rows.add(resolve(resource, seed, tenants, stored));
      }
      insert(resource, rows);
      stored.put(resource.name(), rows);
    }
    List<Identity> actors =
        scenario.actors().stream()
            .map(a -> new Identity(a.user(), tenants.get(a.tenant()), a.roles(), Instant.MAX, "t"))
            .toList();

    Reads reads = RunningService.shared().context().getBean(Reads.class);
    PolicyEvaluator evaluator = new PolicyEvaluator(resources());
    PolicyEvaluator.Parents parents =
        (parent, tenant, id) ->
            stored.getOrDefault(parent.name(), List.of()).stream()
                .filter(row -> row.get("id").equals(id) && row.get("tenant_id").equals(tenant))
                .findFirst();
    ListQuery everything = new ListQuery(List.of(), List.of(), ResourceDeclaration.MAX_LIMIT);
    for (ResourceDeclaration resource : declarations) {
      List<List<Object>> single = new ArrayList<>();
      for (Identity actor : actors) {
        List<Object> fromSql =
            reads.list(resource, actor, everything).map(row -> row.get("id")).collectList().block();
        List<Object> inMemory =
            stored.get(resource.name()).stream()
                .filter(row -> evaluator.canRead(resource, actor, row, parents))
                .map(row -> row.get("id"))
                .toList();
        assertThat(fromSql)
            .as("%s visible to %s", resource.name(), actor)
            .containsExactlyInAnyOrderElementsOf(inMemory);
        single.add(fromSql);
      }
      Reads.Batch answer = reads.listForEach(resource, actors, everything).block();
      List<List<Object>> batch = new ArrayList<>();
      for (int a = 0; a < actors.size(); a++) {
        batch.add(answer.rowsOf(a).stream().map(row -> row.get("id")).toList());
      }
      assertThat(answer.rows().stream().map(row -> row.get("id")).distinct())
          .as("each distinct row is answered once")
          .hasSameSizeAs(answer.rows());
      assertThat(batch).as("batch read of %s", resource.name()).isEqualTo(single);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    List<Arbitrary<List<Map<String, Object>>>> perResource = new ArrayList<>();
    for (ResourceDeclaration resource : resources().all()) {
      perResource.add(row(resource).list().ofMinSize(1).ofMaxSize(8));
    }
    Arbitrary<List<List<Map<String, Object>>>> rows = Combinators.combine(perResource).as(l -> l);
    Arbitrary<ActorSeed> actor =
        Combinators.combine(
                Arbitraries.of(USERS),
                Arbitraries.integers().between(0, 1),
                Arbitraries.subsetOf(ROLES).map(roles -> List.copyOf(roles)))
            .as(ActorSeed::new);
    return Combinators.combine(rows, actor.list().ofMinSize(1).ofMaxSize(6)).as(Scenario::new);
  }

  private static Arbitrary<Map<String, Object>> row(ResourceDeclaration resource) {
    List<Arbitrary<Object>> values = new ArrayList<>();
    for (Attribute attribute : resource.attributes()) {
      values.add(value(resource, attribute));
    }
    return Combinators.combine(values)
        .as(
            list -> {
              Map<String, Object> row = new LinkedHashMap<>();
              for (int i = 0; i < list.size(); i++) {
                row.put(resource.attributes().get(i).name(), list.get(i));
              }
              return row;
            });
  }

  private static Arbitrary<Object> value(ResourceDeclaration resource, Attribute attribute) {
    String name = attribute.name();
    if (resource.references().containsKey(name)) {
      return Arbitraries.integers().between(0, 7).map(Ref::new);
    }
    Arbitrary<Object> value =
        switch (name) {
          case ResourceDeclaration.ID -> Arbitraries.create(UUID::randomUUID).map(v -> v);
          case ResourceDeclaration.TENANT ->
              Arbitraries.integers().between(0, 1).map(TenantSlot::new);
          case ResourceDeclaration.VERSION -> Arbitraries.just(1);
          default ->
              switch (attribute.type()) {
                case UUID -> Arbitraries.create(UUID::randomUUID).map(v -> v);
                case TEXT -> Arbitraries.of(USERS).map(v -> v);
                case ENUM -> Arbitraries.of(attribute.allowedValues()).map(v -> v);
                case INTEGER -> Arbitraries.integers().between(0, 3).map(v -> v);
                case TIMESTAMP ->
                    Arbitraries.integers().between(0, 100).map(s -> EPOCH.plusSeconds(s));
                case TEXT_SET -> Arbitraries.subsetOf(USERS).map(s -> List.copyOf(s));
              };
        };
    return attribute.nullable() ? value.injectNull(0.3) : value;
  }

  private static Map<String, Object> resolve(
      ResourceDeclaration resource,
      Map<String, Object> seed,
      List<String> tenants,
      Map<String, List<Map<String, Object>>> stored) {
    Map<String, Object> row = new LinkedHashMap<>();
    String tenant = tenants.get(((TenantSlot) seed.get(ResourceDeclaration.TENANT)).index());
    seed.forEach(
        (name, value) -> {
          if (value instanceof TenantSlot) {
            row.put(name, tenant);
          } else if (value instanceof Ref ref) {
            // A reference points at a parent row of the same tenant (the foreign key demands it),
            // chosen by index; a fresh parent stands in when the tenant has none.
            List<Map<String, Object>> candidates =
                stored.get(resource.references().get(name)).stream()
                    .filter(parent -> parent.get("tenant_id").equals(tenant))
                    .toList();
            row.put(
                name,
                candidates.isEmpty()
                    ? null
                    : candidates.get(ref.index() % candidates.size()).get("id"));
          } else {
            row.put(name, value);
          }
        });
    return row;
  }

  private static void insert(ResourceDeclaration resource, List<Map<String, Object>> rows)
      throws SQLException {
    List<Map<String, Object>> insertable =
        rows.stream()
            .filter(row -> !row.containsValue(null) || allowsNulls(resource, row))
            .toList();
    rows.retainAll(insertable);
    if (rows.isEmpty()) {
      return;
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    String sql =
        "INSERT INTO "
            + resource.table()
            + " ("
            + String.join(", ", columns)
            + ") VALUES ("
            + String.join(", ", columns.stream().map(c -> "?").toList())
            + ")";
    try (Connection connection = RunningService.shared().database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Map<String, Object> row : rows) {
        for (int i = 0; i < columns.size(); i++) {
          Object value = row.get(columns.get(i));
          if (value instanceof Instant instant) {
            value = instant.atOffset(ZoneOffset.UTC);
          } else if (value instanceof List<?> list) {
            value = connection.createArrayOf("text", list.toArray());
          }
          statement.setObject(i + 1, value);
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** A row whose only nulls are in nullable attributes (a dangling reference is dropped). */
  private static boolean allowsNulls(ResourceDeclaration resource, Map<String, Object> row) {
    return row.entrySet().stream()
        .filter(e -> e.getValue() == null)
        .allMatch(e -> resource.attribute(e.getKey()).map(Attribute::nullable).orElse(false));
  }
}
