package io.keeplive.resource.write;

import io.keeplive.resource.declaration.ResourceDeclaration;
import io.keeplive.resource.outbox.OutboxWriter;
import io.keeplive.resource.write.internal.Idempotency;
import io.keeplive.resource.write.internal.OutboxEntries;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import reactor.core.publisher.Mono;

/**
 * The {@code Keeplive-Position} of a write (SPEC §4.1), inside its transaction: the highest
 * position its outbox rows drew.
 *
 * <p>A write that changed nothing still draws one, with an outbox row that publishes to no topic
 * ({@link OutboxEntries#unchanged}): answering an older position would break "a write that commits
 * later has a larger position", and a position the gateways never see could not be synced on. A
 * create stores its position with its idempotency key, so a replay answers the first one.
 */
final class WritePositions {

  private final OutboxWriter outbox;

  WritePositions(OutboxWriter outbox) {
    this.outbox = outbox;
  }

  /** {@code result} with its position (a replay and a create carry theirs already). */
  Mono<WriteResult> positioned(WriteRequest request, WriteResult result, int changedRecords) {
    if (result.replayedBody() != null || result.position().isPresent()) {
      return Mono.just(result);
    }
    Mono<Void> marker = Mono.empty();
    if (changedRecords == 0) {
      Object id = result.rows().isEmpty() ? "-" : result.row().get(ResourceDeclaration.ID);
      marker =
          outbox.append(request.actor().tenant(), List.of(OutboxEntries.unchanged(request, id)));
    }
    return marker
        .then(outbox.lastPosition())
        .map(position -> result.at(OptionalLong.of(position)))
        .defaultIfEmpty(result);
  }

  /** A created row's result with its position, stored with its idempotency key. */
  Mono<WriteResult> remembered(Idempotency idempotency, Map<String, Object> row) {
    return outbox
        .lastPosition()
        .map(OptionalLong::of)
        .defaultIfEmpty(OptionalLong.empty())
        .flatMap(
            position ->
                idempotency
                    .remember(row, position)
                    .thenReturn(new WriteResult(List.of(row), null, position)));
  }
}
