package io.keeplive.resource.write.internal;

import io.keeplive.contracts.identity.Identity;
import io.keeplive.resource.declaration.AttributeType;
import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.problem.ApiProblem;
import io.keeplive.resource.problem.ProblemCode;
import io.keeplive.resource.read.RowJson;
import io.keeplive.resource.store.Sql;
import io.keeplive.resource.write.WriteRequest;
import io.keeplive.resource.write.WriteResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} for creates, inside the create's transaction. The key row is claimed with
 * {@code INSERT … ON CONFLICT DO NOTHING} first: a concurrent retry blocks on the uncommitted key
 * until the first create commits (then it replays) or rolls back (then it creates). Keys are scoped
 * to tenant, actor and resource, so one user's key never replays another user's row. A key reused
 * with a different request is refused. A key older than the retention is forgotten: the next create
 * with it creates anew.
 */
public final class Idempotency {

  private final DatabaseClient database;
  private final ResourceDeclaration resource;
  private final Identity actor;
  private final Optional<String> key;
  private final String fingerprint;
  private final Duration retention;

  public Idempotency(
      DatabaseClient database,
      ResourceDeclaration resource,
      Identity actor,
      Optional<String> key,
      WriteRequest request,
      Duration retention) {
    this.database = database;
    this.retention = retention;
    this.resource = resource;
    this.actor = actor;
    this.key = key;
    this.fingerprint =
        sha256(
            RowJson.of(request.arguments())
                + "|"
                + request.parentId().map(Object::toString).orElse(""));
  }

  /**
   * The stored answer of the first create: its body, and its {@code Keeplive-Position} (empty for
   * keys stored before positions were answered).
   */
  public record Replay(String body, OptionalLong position) {
    public WriteResult result() {
      return new WriteResult(List.of(), body, position);
    }
  }

  /** Empty when this request owns the key (or has none); the stored answer when it is a retry. */
  public Mono<Optional<Replay>> claim() {
    if (key.isEmpty()) {
      return Mono.just(Optional.empty());
    }
    Sql insert = new Sql();
    insert
        .append("INSERT INTO idempotency_keys (tenant_id, actor_id, resource, key, fingerprint)")
        .append(" VALUES (")
        .append(insert.param(actor.tenant(), AttributeType.TEXT))
        .append(", ")
        .append(insert.param(actor.user(), AttributeType.TEXT))
        .append(", ")
        .append(insert.param(resource.name(), AttributeType.TEXT))
        .append(", ")
        .append(insert.param(key.get(), AttributeType.TEXT))
        .append(", ")
        .append(insert.param(fingerprint, AttributeType.TEXT))
        // An expired key is claimed anew (as if purged already): the retention is exact, not
        // "until the next purge". A live key makes the insert do nothing, so this is a retry.
        .append(") ON CONFLICT (tenant_id, actor_id, resource, key) DO UPDATE SET")
        .append(" fingerprint = EXCLUDED.fingerprint, response = NULL, created_at = now()")
        .append(" WHERE idempotency_keys.created_at < now() - (")
        .append(insert.param((int) retention.toSeconds(), AttributeType.INTEGER))
        .append(" * interval '1 second') RETURNING key");
    return insert
        .on(database)
        .map(row -> row.get("key", String.class))
        .all()
        .hasElements()
        .flatMap(claimed -> claimed ? Mono.just(Optional.<Replay>empty()) : stored());
  }

  /** Stores the answer of the create that owns the key, with the position it drew. */
  public Mono<Void> remember(Map<String, Object> row, OptionalLong position) {
    if (key.isEmpty()) {
      return Mono.empty();
    }
    Sql update = new Sql();
    update
        .append("UPDATE idempotency_keys SET response = ")
        .append(update.param(RowJson.of(row).toString(), AttributeType.TEXT))
        .append(", position = ")
        .append(
            position.isPresent()
                ? update.param(Long.toString(position.getAsLong()), AttributeType.TEXT) + "::bigint"
                : "NULL")
        .append(" WHERE ")
        .append(scope(update));
    return update.on(database).then();
  }

  private Mono<Optional<Replay>> stored() {
    Sql select = new Sql();
    select
        .append("SELECT fingerprint, response, position FROM idempotency_keys WHERE ")
        .append(scope(select));
    record Stored(String fingerprint, Replay replay) {}
    return select
        .on(database)
        .map(
            row -> {
              Long position = row.get("position", Long.class);
              return new Stored(
                  row.get("fingerprint", String.class),
                  new Replay(
                      row.get("response", String.class),
                      position == null ? OptionalLong.empty() : OptionalLong.of(position)));
            })
        .one()
        .map(
            stored -> {
              if (!stored.fingerprint().equals(fingerprint)) {
                throw new ApiProblem(
                    ProblemCode.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key",
                    "Idempotency-Key was already used for a different request");
              }
              return Optional.of(stored.replay());
            });
  }

  private String scope(Sql sql) {
    return "tenant_id = "
        + sql.param(actor.tenant(), AttributeType.TEXT)
        + " AND actor_id = "
        + sql.param(actor.user(), AttributeType.TEXT)
        + " AND resource = "
        + sql.param(resource.name(), AttributeType.TEXT)
        + " AND key = "
        + sql.param(key.get(), AttributeType.TEXT);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
